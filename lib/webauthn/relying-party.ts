import { config } from "../config";
import { androidOrigin, isPasskeyApp, readMobile } from "../apps/mobile";
import { clientById } from "../oidc/clients";
import { tenantSettings } from "../tenant";

/**
 * The relying party a ceremony uses: the RP ID (the tenant setting, else RP_ID, else the issuer's
 * host), the display name, and the origins accepted in clientDataJSON. Those are the service's web
 * origins; a ceremony an application started through the API (an auth_session, `clientId`) also
 * accepts that application's own origins, if it is first party and allowed the passkey grant:
 * its web origins, its Android apps' `android:apk-key-hash:` origins, and for an iOS app the
 * RP ID's https origin (what iOS reports).
 */
export async function relyingParty(clientId?: string | null) {
  const { rpName, expectedOrigins } = config();
  const id = rpIdInForce((await tenantSettings()).defaultRpId);
  const client = clientId ? await clientById(clientId) : null;
  const app = client && isPasskeyApp(client) ? client : null;
  const mobile = readMobile(app?.mobile);
  const appOrigins = [
    ...(app?.webOrigins ?? []),
    ...(mobile.android?.sha256_cert_fingerprints ?? []).map(androidOrigin),
    ...(mobile.ios ? [`https://${id}`] : []),
  ];
  return { id, name: rpName, origins: [...new Set([...expectedOrigins, ...appOrigins])] };
}

/** The tenant's RP ID setting, else RP_ID, else the issuer's host. */
export function rpIdInForce(tenantSetting: string | null | undefined): string {
  return tenantSetting ?? config().rpId;
}

export const CEREMONY_TIMEOUT_MS = 5 * 60 * 1000;
/** ES256 (-7) and Ed25519 (-8) for modern authenticators, RS256 (-257) for Windows Hello. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];
