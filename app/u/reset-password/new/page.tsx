import Link from "next/link";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { ErrorMessage } from "@/components/error-message";
import { StepForm } from "@/components/step-form";
import { PasswordField } from "@/components/text-field";
import { openRecoveryLink, type RecoveryLink } from "@/lib/flows/recovery";
import { transactionOrNull } from "../../transaction";
import { saveNewPassword, saveNewPasswordForm } from "../actions";
import { formError } from "../../form-result";
import { NewPasskey } from "./new-passkey";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where the emailed link lands: a new password, or (passkey-only) a new passkey. Opening it changes nothing (mail scanners follow links); finishing uses it up. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const link = await openRecoveryLink((await searchParams).ticket, transactionOrNull);
  return { title: (await getTranslations(link.ok && isPasskeyOnly(link) ? "recoverPasskeyNew" : "resetPasswordNew"))("title") };
}

const isPasskeyOnly = (link: Extract<RecoveryLink, { ok: true }>) => link.txn?.connection.passwordsEnabled === false;

export default async function RecoveryLinkPage({ searchParams }: Props) {
  const params = await searchParams;
  const { ticket } = params;
  const link = await openRecoveryLink(ticket, transactionOrNull);
  const t = await getTranslations();
  if (!link.ok) {
    return (
      <Card title={t("resetPasswordNew.title")}>
        <ErrorMessage message={t(`errors.${link.reason}`)} />
      </Card>
    );
  }
  if (isPasskeyOnly(link)) {
    return (
      <Card title={t("recoverPasskeyNew.title")} subtitle={t("recoverPasskeyNew.subtitle")}>
        <NewPasskey ticket={String(ticket)} />
      </Card>
    );
  }
  const minLength = link.txn?.connection.passwordMinLength;
  return (
    <Card
      title={t("resetPasswordNew.title")}
      subtitle={t("resetPasswordNew.subtitle")}
      footer={
        link.txn && (
          <Link className="underline" href={`/u/reset-password?state=${link.txn.id}`}>
            {t("resetPasswordNew.askAgain")}
          </Link>
        )
      }
    >
      <StepForm
        field="password"
        action={saveNewPassword.bind(null, String(ticket))}
        formAction={saveNewPasswordForm.bind(null, String(ticket))}
        initialError={formError(params)}
        submitLabel={t("resetPasswordNew.button")}
      >
        {/* Lets password managers save the new password for the right account. */}
        {link.ticket.email && <input type="hidden" name="username" autoComplete="username" value={link.ticket.email} readOnly />}
        <PasswordField
          id="password"
          name="password"
          label={t("resetPasswordNew.password")}
          autoComplete="new-password"
          required
          autoFocus
          minLength={minLength}
          maxLength={128}
        />
      </StepForm>
    </Card>
  );
}
