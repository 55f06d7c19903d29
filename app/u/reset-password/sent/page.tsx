import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { RECOVERY_TICKET_MINUTES } from "@/lib/users/email-tickets";
import { stateParam, transactionOrNull } from "../../transaction";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The same words whether or not an account has the address. */
export const generateMetadata = titled("resetPasswordSent");

export default async function ResetPasswordSentPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn) return <Expired />;
  const t = await getTranslations("resetPasswordSent");
  return (
    <Card
      title={t("title")}
      footer={
        <Link className="underline" href={`/u/login?state=${txn.id}`}>
          {t("back")}
        </Link>
      }
    >
      <p role="status">{t(txn.connection.passwordsEnabled ? "text" : "passkeyText", { minutes: RECOVERY_TICKET_MINUTES })}</p>
    </Card>
  );
}
