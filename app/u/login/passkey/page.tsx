import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { Expired } from "@/components/expired";
import { recoveryKind } from "@/lib/flows/recovery";
import { findUserByIdentifier } from "@/lib/users/store";
import { stateParam, transactionOrNull } from "../../transaction";
import { PasskeyStep } from "./passkey-step";
import { titled } from "@/app/u/metadata";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** After the email, for a user who has a passkey (on a passkey-only connection: for everyone): use it, or the password if they have one. */
export const generateMetadata = titled("loginPasskey");

export default async function LoginPasskeyPage({ searchParams }: Props) {
  const txn = await transactionOrNull(stateParam(await searchParams));
  if (!txn || !txn.identifier) return <Expired />;
  const t = await getTranslations("loginPasskey");
  const user = await findUserByIdentifier(txn.connection.id, txn.identifier);
  return (
    <Card
      title={t("title")}
      subtitle={t("subtitle", { name: txn.identifier.value })}
      footer={
        <div className="space-y-2">
          {(await recoveryKind(txn.connection)) === "passkey" && (
            <p>
              <Link className="underline" href={`/u/reset-password?state=${txn.id}`}>
                {t("lostPasskey")}
              </Link>
            </p>
          )}
          <p>
            <Link className="underline" href={`/u/login?state=${txn.id}`}>
              {t("otherAccount")}
            </Link>
          </p>
        </div>
      }
    >
      <PasskeyStep state={txn.id} passwordHref={user?.password && txn.connection.passwordsEnabled ? `/u/login/password?state=${txn.id}` : undefined} />
    </Card>
  );
}
