import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Notice } from "@/components/error-message";
import { Expired } from "@/components/expired";
import { applicationName, stateParam, transactionOrNull } from "../transaction";
import { LoginForm } from "./login-form";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = titled("login");

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const txn = await transactionOrNull(stateParam(params));
  if (!txn) return <Expired />;
  const t = await getTranslations("login");
  const { passkeysEnabled, passkeyOptions } = txn.connection;
  return (
    <Card
      title={t("title")}
      subtitle={t("subtitle", { app: await applicationName(txn.clientId) })}
      footer={
        <>
          {t("noAccount")}{" "}
          <Link className="font-medium text-zinc-900 underline" href={`/u/signup?state=${txn.id}`}>
            {t("signupLink")}
          </Link>
        </>
      }
    >
      {params.exists === "1" ? <Notice message={t("exists")} /> : null}
      <LoginForm
        state={txn.id}
        defaultEmail={txn.email ?? txn.loginHint ?? ""}
        autofill={passkeysEnabled && passkeyOptions.challenge_ui !== "button"}
        button={passkeysEnabled && passkeyOptions.challenge_ui !== "autofill"}
      />
    </Card>
  );
}
