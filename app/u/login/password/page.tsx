import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { stateParam, transactionOrNull } from "../../transaction";
import { StepForm } from "@/components/step-form";
import { PasswordField } from "@/components/text-field";
import { submitPassword, submitPasswordForm } from "../actions";
import { formError } from "../../form-result";
import { titled } from "@/app/u/metadata";
import { isSiteName } from "@/lib/sites";
import { recoveryKind } from "@/lib/flows/recovery";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = titled("loginPassword");

export default async function LoginPasswordPage({ searchParams }: Props) {
  const params = await searchParams;
  const txn = await transactionOrNull(stateParam(params));
  if (!txn || !txn.identifier) return <Expired />;
  const t = await getTranslations();
  // Set by the identifier step when the user's passkey works on another of the tenant's domains.
  const passkeyOn = typeof params.passkey_on === "string" && (await isSiteName(params.passkey_on)) ? params.passkey_on : undefined;
  return (
    <Card
      title={t("loginPassword.title")}
      subtitle={t("loginPassword.subtitle", { name: txn.identifier.value })}
      footer={
        <div className="space-y-2">
          {(await recoveryKind(txn.connection)) === "password" && (
            <p>
              <Link className="underline" href={`/u/reset-password?state=${txn.id}`}>
                {t("loginPassword.forgot")}
              </Link>
            </p>
          )}
          <p>
            <Link className="underline" href={`/u/login?state=${txn.id}`}>
              {t("loginPassword.otherAccount")}
            </Link>
          </p>
        </div>
      }
    >
      {passkeyOn && (
        <p className="mb-4 text-sm" data-testid="passkey-elsewhere">
          {t("loginPassword.passkeyElsewhere", { domain: passkeyOn })}
        </p>
      )}
      <StepForm
        field="password"
        action={submitPassword.bind(null, txn.id)}
        formAction={submitPasswordForm.bind(null, txn.id)}
        initialError={formError(params)}
        submitLabel={t("loginPassword.button")}
      >
        {/* Lets password managers pair the saved password with the account. */}
        <input type="hidden" name="username" autoComplete="username" value={txn.identifier.value} readOnly />
        <PasswordField id="password" name="password" label={t("common.password")} autoComplete="current-password" required autoFocus maxLength={512} />
      </StepForm>
    </Card>
  );
}
