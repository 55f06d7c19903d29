import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { CodeField } from "@/components/code-field";
import { Expired } from "@/components/expired";
import { StepForm } from "@/components/step-form";
import { loginAt } from "@/lib/flows/after-login";
import { stateParam, transactionOrNull } from "../transaction";
import { submitCode } from "./actions";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The second factor: a code from the user's authenticator app. */
export const generateMetadata = titled("mfa");

export default async function MfaPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !loginAt(txn, "mfa")) return <Expired />;
  const t = await getTranslations("mfa");
  const other = await getTranslations("loginPasskey");
  return (
    <Card
      title={t("title")}
      subtitle={t("subtitle")}
      footer={
        <div className="space-y-2">
          <p>
            <Link className="underline" href={`/u/mfa/recovery?state=${txn.id}`}>
              {t("useRecoveryCode")}
            </Link>
          </p>
          {/* Back to the first step: a new first factor starts the login again (its wrong codes still count). */}
          <p>
            <Link className="underline" href={`/u/login?state=${txn.id}`}>
              {other("otherAccount")}
            </Link>
          </p>
        </div>
      }
    >
      <StepForm field="code" action={submitCode.bind(null, txn.id)} submitLabel={t("button")}>
        <CodeField label={t("code")} />
      </StepForm>
    </Card>
  );
}
