import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { CodeField } from "@/components/code-field";
import { Expired } from "@/components/expired";
import { StepForm } from "@/components/step-form";
import { TotpSetup } from "@/components/totp-setup";
import { mfaSetup } from "@/lib/flows/mfa";
import { stateParam, transactionOrNull } from "../../transaction";
import { confirmSetup } from "../actions";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The connection requires MFA and this user has none yet: set up an authenticator app. */
export const generateMetadata = titled("mfaEnroll");

export default async function MfaEnrollPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  const setup = txn ? await mfaSetup(txn) : undefined;
  if (!txn || !setup) return <Expired />;
  const t = await getTranslations("mfaEnroll");
  return (
    <Card title={t("title")} subtitle={t("subtitle")}>
      <TotpSetup qr={setup.qr} secret={setup.secret} recoveryCodes={setup.recoveryCodes} />
      <StepForm field="code" action={confirmSetup.bind(null, txn.id)} submitLabel={t("button")}>
        <CodeField label={t("code")} />
      </StepForm>
    </Card>
  );
}
