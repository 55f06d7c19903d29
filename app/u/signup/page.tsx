import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { applicationName, stateParam, transactionOrNull } from "../transaction";
import { StepForm } from "@/components/step-form";
import { TextField } from "@/components/text-field";
import { submitEmail } from "./actions";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = titled("signup");

export default async function SignupPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn) return <Expired />;
  const t = await getTranslations();
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
      <StepForm field="email" action={submitEmail.bind(null, txn.id)} submitLabel={t("common.continue")}>
        <TextField
          id="email"
          name="email"
          type="email"
          label={t("common.email")}
          autoComplete="email"
          defaultValue={txn.email ?? txn.loginHint ?? ""}
          required
          autoFocus
          maxLength={254}
        />
      </StepForm>
    </Card>
  );
}
