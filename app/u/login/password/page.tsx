import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { stateParam, transactionOrNull } from "../../transaction";
import { PasswordForm } from "./password-form";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPasswordPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !txn.email) return <Expired />;
  const t = await getTranslations("loginPassword");
  return (
    <Card
      title={t("title")}
      subtitle={t("subtitle", { email: txn.email })}
      footer={
        <Link className="underline" href={`/u/login?state=${txn.id}`}>
          {t("otherAccount")}
        </Link>
      }
    >
      <PasswordForm state={txn.id} email={txn.email} />
    </Card>
  );
}
