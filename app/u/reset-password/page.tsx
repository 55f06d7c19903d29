import Link from "next/link";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { StepForm } from "@/components/step-form";
import { TextField } from "@/components/text-field";
import { recoveryKind } from "@/lib/flows/recovery";
import { stateParam, transactionOrNull } from "../transaction";
import { askForRecoveryLink, askForRecoveryLinkForm } from "./actions";
import { formError } from "../form-result";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** "Forgot password?" or, passkey-only, "Lost your passkey?": the email to send the link to (the one typed at the first step, if it was one). */
async function pageOf(searchParams: Props["searchParams"]) {
  const params = await searchParams;
  const txn = await transactionOrNull(stateParam(params));
  const kind = txn ? await recoveryKind(txn.connection) : undefined;
  return txn && kind ? { txn, namespace: kind === "password" ? "resetPassword" : "recoverPasskey", error: formError(params) } : undefined;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const page = await pageOf(searchParams);
  return page ? { title: (await getTranslations(page.namespace))("title") } : {};
}

export default async function RecoveryRequestPage({ searchParams }: Props) {
  const page = await pageOf(searchParams);
  if (!page) return <Expired />;
  const { txn } = page;
  const t = await getTranslations();
  const typed = txn.identifier?.type === "email" ? txn.identifier.value : undefined;
  const back = !txn.identifier
    ? `/u/login?state=${txn.id}`
    : txn.connection.passwordsEnabled
      ? `/u/login/password?state=${txn.id}`
      : `/u/login/passkey?state=${txn.id}`;
  return (
    <Card
      title={t(`${page.namespace}.title`)}
      subtitle={t(`${page.namespace}.subtitle`)}
      footer={
        <Link className="underline" href={back}>
          {t(`${page.namespace}.back`)}
        </Link>
      }
    >
      <StepForm
        field="email"
        action={askForRecoveryLink.bind(null, txn.id)}
        formAction={askForRecoveryLinkForm.bind(null, txn.id)}
        initialError={page.error}
        submitLabel={t(`${page.namespace}.button`)}
      >
        <TextField
          id="email"
          name="email"
          type="email"
          label={t("common.email")}
          autoComplete="email"
          defaultValue={typed}
          required
          autoFocus
          maxLength={254}
        />
      </StepForm>
    </Card>
  );
}
