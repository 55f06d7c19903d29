import { config } from "../config";

/** The relying party that every ceremony uses: ID, display name and accepted origins. */
export function relyingParty() {
  const { rpId, rpName, expectedOrigins } = config();
  return { id: rpId, name: rpName, origins: expectedOrigins };
}

export const CEREMONY_TIMEOUT_MS = 5 * 60 * 1000;
/** ES256 (-7) and Ed25519 (-8) for modern authenticators, RS256 (-257) for Windows Hello. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];
