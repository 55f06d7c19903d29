import { getTranslations } from "next-intl/server";
import { Card } from "./card";
import { ErrorMessage } from "./error-message";

/** Shown instead of a step when its transaction is unknown, expired or not this browser's. */
export async function Expired() {
  const t = await getTranslations("errors");
  return (
    <Card title="⚠">
      <ErrorMessage message={t("expired")} />
    </Card>
  );
}
