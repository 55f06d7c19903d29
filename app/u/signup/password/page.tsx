import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { stateParam, transactionOrNull } from "../../transaction";
import { SignupPasswordForm } from "./password-form";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignupPasswordPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !txn.email) return <Expired />;
  const t = await getTranslations();
  return (
    <Card
      title={t("signupPassword.title")}
      subtitle={t("signupPassword.subtitle", { email: txn.email, min: txn.connection.passwordMinLength })}
      footer={
        <Link className="underline" href={`/u/signup?state=${txn.id}`}>
          {t("common.back")}
        </Link>
      }
    >
      <SignupPasswordForm state={txn.id} email={txn.email} minLength={txn.connection.passwordMinLength} />
    </Card>
  );
}
