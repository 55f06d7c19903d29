import { config } from "../config";
import { androidOrigin, isPasskeyApp, readMobile } from "../apps/mobile";
import { clientById } from "../oidc/clients";
import { currentSite } from "../sites";

/**
 * The relying party a ceremony uses: the RP ID and the origins accepted in clientDataJSON are the
 * request's site's (lib/sites.ts: the issuer's host or a custom domain), the display name the
 * service's. A ceremony an application started through the API (an auth_session, `clientId`)
 * also accepts that application's own origins, if it is first party and allowed the passkey
 * grant: its web origins, its Android apps' `android:apk-key-hash:` origins, and for an iOS app
 * the RP ID's https origin (what iOS reports).
 */
export async function relyingParty(clientId?: string | null) {
  const site = await currentSite();
  const client = clientId ? await clientById(clientId) : null;
  const app = client && isPasskeyApp(client) ? client : null;
  const mobile = readMobile(app?.mobile);
  const appOrigins = [
    ...(app?.webOrigins ?? []),
    ...(mobile.android?.sha256_cert_fingerprints ?? []).map(androidOrigin),
    ...(mobile.ios ? [`https://${site.rpId}`] : []),
  ];
  return { id: site.rpId, name: config().rpName, origins: [...new Set([...site.webauthnOrigins, ...appOrigins])] };
}

export const CEREMONY_TIMEOUT_MS = 5 * 60 * 1000;
/** ES256 (-7) and Ed25519 (-8) for modern authenticators, RS256 (-257) for Windows Hello. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];
