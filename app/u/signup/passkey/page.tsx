import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { applicationName, stateParam, transactionOrNull } from "../../transaction";
import { CreatePasskey } from "./create-passkey";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = titled("signupPasskey");

export default async function SignupPasskeyPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !txn.identifier) return <Expired />;
  const t = await getTranslations("signupPasskey");
  return (
    <Card title={t("title")} subtitle={t("subtitle", { app: await applicationName(txn.clientId) })}>
      <p className="text-sm font-medium text-zinc-800">{t("account", { name: txn.identifier.value })}</p>
      <p className="text-sm text-zinc-600">{t("benefits")}</p>
      <CreatePasskey state={txn.id} passwords={txn.connection.passwordsEnabled} />
    </Card>
  );
}
