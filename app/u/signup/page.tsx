import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { applicationName, stateParam, transactionOrNull } from "../transaction";
import { SignupForm } from "./signup-form";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignupPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn) return <Expired />;
  const t = await getTranslations("signup");
  return (
    <Card
      title={t("title")}
      subtitle={t("subtitle", { app: await applicationName(txn.clientId) })}
      footer={
        <>
          {t("haveAccount")}{" "}
          <Link className="font-medium text-zinc-900 underline" href={`/u/login?state=${txn.id}`}>
            {t("loginLink")}
          </Link>
        </>
      }
    >
      <SignupForm state={txn.id} defaultEmail={txn.email ?? txn.loginHint ?? ""} />
    </Card>
  );
}
