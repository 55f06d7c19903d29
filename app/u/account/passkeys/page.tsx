import { getFormatter, getTranslations } from "next-intl/server";
import { AccountShell } from "@/components/account-shell";
import { relyingParty } from "@/lib/webauthn/relying-party";
import { listPasskeys, PASSKEY_LIMIT } from "@/lib/users/passkeys";
import { findUserById } from "@/lib/users/store";
import { userName } from "@/lib/users/identifiers";
import { requireAccount } from "../session";
import { PasskeyList } from "./passkey-list";
import { titled } from "@/app/u/metadata";

/** The signed-in user's passkeys: who made each one, when it was made and last used, whether it syncs. */
export const generateMetadata = titled("accountPasskeys");

export default async function AccountPasskeysPage() {
  const { userId } = await requireAccount("/u/account/passkeys");
  const user = await findUserById(userId);
  if (!user) return null;
  const t = await getTranslations("accountPasskeys");
  const format = await getFormatter();
  const date = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium" }) : t("never"));
  const passkeys = (await listPasskeys(userId)).map((p) => ({
    id: p.id,
    name: p.name ?? p.provider ?? t("unnamed"),
    provider: p.provider,
    created: date(p.createdAt),
    lastUsed: date(p.lastUsedAt),
    synced: p.backedUp,
  }));
  return (
    <AccountShell name={userName(user)} current="passkeys">
      <h2 className="text-lg font-semibold text-zinc-900">{t("title")}</h2>
      <p className="mt-1 text-sm text-zinc-600">{t("subtitle", { limit: PASSKEY_LIMIT })}</p>
      <PasskeyList
        passkeys={passkeys}
        hasPassword={Boolean(user.password)}
        atLimit={passkeys.length >= PASSKEY_LIMIT}
        signal={{ rpId: (await relyingParty()).id, userId: Buffer.from(user.id).toString("base64url"), name: userName(user) }}
      />
    </AccountShell>
  );
}
