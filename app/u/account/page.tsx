import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Card } from "@/components/card";
import { accountSession } from "./session";
import { titled } from "@/app/u/metadata";

/** Account settings' front door: signed in, go to the passkeys; otherwise, offer to sign in. */
export const generateMetadata = titled("account");

export default async function AccountPage() {
  if (await accountSession()) redirect("/u/account/passkeys");
  const t = await getTranslations("account");
  return (
    <Card title={t("title")} subtitle={t("signedOut")}>
      <a
        className="flex w-full items-center justify-center rounded-lg bg-zinc-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-zinc-700"
        href="/u/account/login"
      >
        {t("signIn")}
      </a>
    </Card>
  );
}
