import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { stateParam, transactionOrNull } from "../../transaction";
import { StepForm } from "@/components/step-form";
import { PasswordField } from "@/components/text-field";
import { submitPassword, submitPasswordForm } from "../actions";
import { formError } from "../../form-result";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = titled("signupPassword");

export default async function SignupPasswordPage({ searchParams }: Props) {
  const params = await searchParams;
  const txn = await transactionOrNull(stateParam(params));
  if (!txn || !txn.identifier) return <Expired />;
  const t = await getTranslations();
  return (
    <Card
      title={t("signupPassword.title")}
      subtitle={t("signupPassword.subtitle", { name: txn.identifier.value, min: txn.connection.passwordMinLength })}
      footer={
        <Link className="underline" href={`/u/signup?state=${txn.id}`}>
          {t("common.back")}
        </Link>
      }
    >
      <StepForm
        field="password"
        action={submitPassword.bind(null, txn.id)}
        formAction={submitPasswordForm.bind(null, txn.id)}
        initialError={formError(params)}
        submitLabel={t("signupPassword.button")}
      >
        <input type="hidden" name="username" autoComplete="username" value={txn.identifier.value} readOnly />
        <PasswordField
          id="password"
          name="password"
          label={t("common.password")}
          autoComplete="new-password"
          required
          autoFocus
          minLength={txn.connection.passwordMinLength}
          maxLength={128}
        />
      </StepForm>
    </Card>
  );
}
