import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Notice } from "@/components/error-message";
import { Expired } from "@/components/expired";
import { applicationName, stateParam, transactionOrNull } from "../transaction";
import { LoginForm } from "./login-form";
import { submitIdentifierForm } from "./actions";
import { formError } from "../form-result";
import { loginField } from "../identifier-fields";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = titled("login");

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const txn = await transactionOrNull(stateParam(params));
  if (!txn) return <Expired />;
  const t = await getTranslations();
  const { passkeysEnabled, passkeyOptions } = txn.connection;
  return (
    <Card
      title={t("login.title")}
      subtitle={t("login.subtitle", { app: await applicationName(txn.clientId) })}
      footer={
        <>
          {t("login.noAccount")}{" "}
          <Link className="font-medium text-zinc-900 underline" href={`/u/signup?state=${txn.id}`}>
            {t("login.signupLink")}
          </Link>
        </>
      }
    >
      {params.exists === "1" ? <Notice message={t("login.exists")} /> : null}
      <LoginForm
        state={txn.id}
        defaultIdentifier={txn.identifier?.value ?? txn.loginHint ?? ""}
        field={loginField(txn.connection.attributes, t)}
        autofill={passkeysEnabled && passkeyOptions.challenge_ui !== "button"}
        button={passkeysEnabled && passkeyOptions.challenge_ui !== "autofill"}
        formAction={submitIdentifierForm.bind(null, txn.id)}
        initialError={formError(params)}
      />
    </Card>
  );
}
