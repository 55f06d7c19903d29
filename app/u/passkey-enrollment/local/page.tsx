import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { loginAt } from "@/lib/flows/after-login";
import { stateParam, transactionOrNull } from "../../transaction";
import { EnrollmentPrompt } from "../enrollment-prompt";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Local enrollment: the login used a passkey from another device; offer one on this device. */
export const generateMetadata = titled("localEnrollment");

export default async function LocalEnrollmentPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !loginAt(txn, "enroll_local")) return <Expired />;
  const t = await getTranslations("localEnrollment");
  return (
    <Card title={t("title")} subtitle={t("subtitle")}>
      <EnrollmentPrompt state={txn.id} kind="local" />
    </Card>
  );
}
