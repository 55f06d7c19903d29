import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { loginAt } from "@/lib/flows/after-login";
import { stateParam, transactionOrNull } from "../transaction";
import { EnrollmentPrompt } from "./enrollment-prompt";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Progressive enrollment: after a password login, offer a passkey. */
export const generateMetadata = titled("enrollment");

export default async function PasskeyEnrollmentPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !loginAt(txn, "enroll")) return <Expired />;
  const t = await getTranslations("enrollment");
  return (
    <Card title={t("title")} subtitle={t("subtitle")}>
      <ul className="list-disc space-y-1 ps-5 text-sm text-zinc-600">
        <li>{t("benefitFast")}</li>
        <li>{t("benefitSafe")}</li>
      </ul>
      <EnrollmentPrompt state={txn.id} kind="progressive" />
    </Card>
  );
}
