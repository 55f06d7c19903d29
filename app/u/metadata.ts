import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

// Every hosted page has its own <title>: its heading, in the page's language.
export function titled(namespace: string): () => Promise<Metadata> {
  return async () => ({ title: (await getTranslations(namespace))("title") });
}
