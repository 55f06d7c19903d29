import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Notice } from "@/components/error-message";
import { Expired } from "@/components/expired";
import { StepForm } from "@/components/step-form";
import { TextField } from "@/components/text-field";
import { loginAt } from "@/lib/flows/after-login";
import { loginUser } from "@/lib/users/store";
import { stateParam, transactionOrNull } from "../transaction";
import { sendNewEmailCode, submitEmailCode } from "./actions";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The code mailed when the connection confirms emails before any session. */
export const generateMetadata = titled("emailVerification");

export default async function EmailVerificationPage({ searchParams }: Props) {
  const params = await searchParams;
  const txn = await transactionOrNull(stateParam(params));
  const login = txn && loginAt(txn, "verify_email");
  const user = login && (await loginUser(login.userId));
  if (!txn || !user?.email) return <Expired />;
  const t = await getTranslations("emailVerification");
  return (
    <Card
      title={t("title")}
      subtitle={t("subtitle", { email: user.email })}
      footer={
        <Link className="underline" href={`/u/login?state=${txn.id}`}>
          {t("otherAccount")}
        </Link>
      }
    >
      <div className="space-y-4">
        {params.resent === "1" && <Notice message={t("resent")} />}
        <StepForm field="code" action={submitEmailCode.bind(null, txn.id)} submitLabel={t("button")}>
          <TextField id="code" name="code" label={t("code")} inputMode="numeric" autoComplete="one-time-code" maxLength={12} required autoFocus />
        </StepForm>
        <StepForm field={[]} action={sendNewEmailCode.bind(null, txn.id)} submitLabel={t("resend")} variant="link" />
      </div>
    </Card>
  );
}
