import { ACCOUNT_CLIENT_ID } from "../../prisma/seed-constants";
import { clientById } from "../oidc/clients";

// "Back to {application}" in account settings: the application that sent the user there names
// itself (`client_id`, kept in a cookie while account settings are open), and the link goes to
// the origin of its first registered callback, never to a URL the request carried.

export const BACK_COOKIE = "account_back";

/** The application to go back to, when `clientId` names one with a callback; undefined otherwise. */
export async function backLink(clientId: string | undefined): Promise<{ clientId: string; name: string; href: string } | undefined> {
  if (!clientId || clientId === ACCOUNT_CLIENT_ID || clientId.length > 128) return undefined;
  const client = await clientById(clientId);
  const callback = client?.redirectUris.find((uri) => URL.canParse(uri) && /^https?:$/.test(new URL(uri).protocol));
  return client && callback ? { clientId, name: client.name, href: `${new URL(callback).origin}/` } : undefined;
}
