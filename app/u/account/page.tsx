import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Card } from "@/components/card";
import { accountSession } from "./session";
import { titled } from "@/app/u/metadata";

/** Account settings' front door: signed in, go to the passkeys; otherwise, offer to sign in. */
export const generateMetadata = titled("account");

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `client_id`: the application that links here, for the "Back to …" link once signed in. */
export default async function AccountPage({ searchParams }: Props) {
  const { client_id: clientId } = await searchParams;
  const from = typeof clientId === "string" ? `?client_id=${encodeURIComponent(clientId)}` : "";
  if (await accountSession()) redirect(from ? `/u/account/back${from}` : "/u/account/passkeys");
  const login = `/u/account/login${from}`;
  const t = await getTranslations("account");
  return (
    <Card title={t("title")} subtitle={t("signedOut")}>
      <a className="flex w-full items-center justify-center rounded-lg bg-primary px-4 py-2.5 text-sm font-medium text-white hover:opacity-90" href={login}>
        {t("signIn")}
      </a>
    </Card>
  );
}
