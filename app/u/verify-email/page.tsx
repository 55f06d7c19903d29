import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { ErrorMessage } from "@/components/error-message";
import { StepForm } from "@/components/step-form";
import { liveLinkTicket } from "@/lib/users/email-tickets";
import { confirmEmail } from "./actions";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where the link mailed after signup lands: one click confirms (opening it changes nothing: mail scanners open links). */
export const generateMetadata = titled("verifyEmail");

export default async function VerifyEmailPage({ searchParams }: Props) {
  const { ticket, done } = await searchParams;
  const t = await getTranslations();
  if (done === "1") {
    return (
      <Card title={t("verifyEmail.title")}>
        <p role="status">{t("verifyEmail.done")}</p>
      </Card>
    );
  }
  const live = await liveLinkTicket("verify_link", ticket);
  if (!live?.email) {
    return (
      <Card title={t("verifyEmail.title")}>
        <ErrorMessage message={t("errors.link_invalid")} />
      </Card>
    );
  }
  return (
    <Card title={t("verifyEmail.title")} subtitle={t("verifyEmail.subtitle", { email: live.email })}>
      <StepForm field={[]} action={confirmEmail.bind(null, String(ticket))} submitLabel={t("verifyEmail.button")} />
    </Card>
  );
}
