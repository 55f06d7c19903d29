import { getTranslations } from "next-intl/server";
import { Card } from "@/components/card";
import { titled } from "@/app/u/metadata";

/** After a link that no login asked for (the API sent it): there is nowhere to go on to. */
export const generateMetadata = titled("resetPasswordDone");

export default async function ResetPasswordDonePage() {
  const t = await getTranslations("resetPasswordDone");
  return (
    <Card title={t("title")}>
      <p role="status">{t("text")}</p>
    </Card>
  );
}
