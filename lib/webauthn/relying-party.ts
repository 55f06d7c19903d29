import { config } from "../config";
import { db } from "../db";
import { androidOrigin, mobileApps } from "../apps/mobile";

/**
 * The relying party every ceremony uses: the RP ID (the tenant setting, else RP_ID, else the
 * issuer's host), the display name, and the origins accepted in clientDataJSON: the web origins
 * plus the `android:apk-key-hash:` origin of every Android app registered on a client.
 */
export async function relyingParty() {
  const { rpId, rpName, expectedOrigins } = config();
  const [tenant, apps] = await Promise.all([
    db().tenant.findUnique({ where: { id: "default" }, select: { defaultRpId: true } }),
    mobileApps(),
  ]);
  const android = apps.flatMap((m) => (m.android?.sha256_cert_fingerprints ?? []).map(androidOrigin));
  return { id: tenant?.defaultRpId ?? rpId, name: rpName, origins: [...expectedOrigins, ...android] };
}

export const CEREMONY_TIMEOUT_MS = 5 * 60 * 1000;
/** ES256 (-7) and Ed25519 (-8) for modern authenticators, RS256 (-257) for Windows Hello. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];
