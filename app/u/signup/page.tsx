import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { applicationName, stateParam, transactionOrNull } from "../transaction";
import { StepForm } from "@/components/step-form";
import { TextField } from "@/components/text-field";
import { submitIdentity, submitIdentityForm } from "./actions";
import { formError } from "../form-result";
import { signupFields } from "../identifier-fields";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = titled("signup");

export default async function SignupPage({ searchParams }: Props) {
  const params = await searchParams;
  const txn = await transactionOrNull(stateParam(params));
  if (!txn) return <Expired />;
  const t = await getTranslations();
  const fields = signupFields(txn.connection.attributes, t);
  // A login_hint fills the field of its kind.
  const hinted = (name: string) => txn.identity[name as keyof typeof txn.identity] ?? (name === "email" ? txn.loginHint : undefined) ?? "";
  return (
    <Card
      title={t("signup.title")}
      subtitle={t("signup.subtitle", { app: await applicationName(txn.clientId) })}
      footer={
        <>
          {t("signup.haveAccount")}{" "}
          <Link className="font-medium text-zinc-900 underline" href={`/u/login?state=${txn.id}`}>
            {t("signup.loginLink")}
          </Link>
        </>
      }
    >
      <StepForm
        field={fields.map((f) => f.name)}
        action={submitIdentity.bind(null, txn.id)}
        formAction={submitIdentityForm.bind(
          null,
          txn.id,
          fields.map((f) => f.name),
        )}
        initialError={formError(params)}
        submitLabel={t("common.continue")}
      >
        {fields.map(({ name, ...field }, index) => (
          <TextField key={name} id={name} name={name} defaultValue={hinted(name)} autoFocus={index === 0} {...field} />
        ))}
        {fields.some((f) => f.name === "phone_number") ? <p className="text-xs text-zinc-600">{t("identifier.phoneHint")}</p> : null}
      </StepForm>
    </Card>
  );
}
