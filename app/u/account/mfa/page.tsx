import { getTranslations } from "next-intl/server";
import { AccountShell } from "@/components/account-shell";
import { recoveryCodesLeft } from "@/lib/mfa/recovery-codes";
import { hasTotp } from "@/lib/mfa/totp";
import { findUserById } from "@/lib/users/store";
import { userName } from "@/lib/users/identifiers";
import { requireAccount } from "../session";
import { MfaSettings } from "./mfa-settings";
import { titled } from "@/app/u/metadata";

/** The authenticator app as a second factor: set it up, or remove it. */
export const generateMetadata = titled("accountMfa");

export default async function AccountMfaPage() {
  const { userId } = await requireAccount("/u/account/mfa");
  const user = await findUserById(userId);
  if (!user) return null;
  const t = await getTranslations("accountMfa");
  return (
    <AccountShell name={userName(user)} current="mfa">
      <h2 className="text-lg font-semibold text-zinc-900">{t("title")}</h2>
      <p className="mt-1 text-sm text-zinc-600">{t("subtitle")}</p>
      <MfaSettings enrolled={await hasTotp(userId)} recoveryCodesLeft={await recoveryCodesLeft(userId)} />
    </AccountShell>
  );
}
