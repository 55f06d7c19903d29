import { ApiError } from "../api/http";
import { allSites, currentSite } from "../sites";

/**
 * WebAuthn Level 3 related origins: the document a browser fetches from
 * https://{rp id}/.well-known/webauthn when a page on another origin asks for that RP ID, listing
 * the origins allowed to use it. Served on the host whose name is the RP ID: every origin of a
 * site that uses it (the tenant's related_origins among them). A host that lends its RP ID to no
 * other origin answers 404, and browsers then refuse such requests, as they should.
 */
export async function relatedOriginsFile(): Promise<{ origins: string[] }> {
  const here = await currentSite();
  const rpId = new URL(here.origin).hostname;
  const origins = new Set((await allSites()).filter((site) => site.rpId === rpId).flatMap((site) => site.webauthnOrigins));
  if ([...origins].every((origin) => origin === here.origin)) throw new ApiError("not_found", "No other origin uses this host's RP ID");
  return { origins: [...origins] };
}
