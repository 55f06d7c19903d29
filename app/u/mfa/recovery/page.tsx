import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { StepForm } from "@/components/step-form";
import { TextField } from "@/components/text-field";
import { loginAt } from "@/lib/flows/after-login";
import { stateParam, transactionOrNull } from "../../transaction";
import { submitRecoveryCode } from "../actions";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The second factor without the app: one of the recovery codes saved when it was set up. */
export const generateMetadata = titled("mfaRecovery");

export default async function MfaRecoveryPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !loginAt(txn, "mfa")) return <Expired />;
  const t = await getTranslations("mfaRecovery");
  return (
    <Card
      title={t("title")}
      subtitle={t("subtitle")}
      footer={
        <Link className="underline" href={`/u/mfa?state=${txn.id}`}>
          {t("useApp")}
        </Link>
      }
    >
      <StepForm field="code" action={submitRecoveryCode.bind(null, txn.id)} submitLabel={t("button")}>
        <TextField
          id="code"
          name="code"
          label={t("code")}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
          required
          autoFocus
        />
      </StepForm>
    </Card>
  );
}
