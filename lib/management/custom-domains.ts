import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ApiError } from "../api/http";
import { config } from "../config";
import { changeConfig } from "../config-cache";
import { db, isUniqueViolation } from "../db";
import { allSites, rpIdProblem, type CustomDomainRow } from "../sites";

// Custom domains in the Management API, in Auth0's shape. This service holds no certificates:
// TLS ends at the operator's proxy (Auth0's "self_managed_certs"), so a domain is ready as soon
// as it is added; requests for it are answered from then on (lib/sites.ts).
// - domain: a host name, not the issuer's own, each once;
// - relying_party_identifier: the WebAuthn RP ID of ceremonies on the domain, the domain itself by
//   default or a parent domain of it (never a public suffix); views always show the one in force. A passkey works for the RP ID it was made
//   for, so the RP ID changes only while no passkey was made for the one in force;
// - with related origins on (tenant settings), a domain listed there uses the tenant's RP ID.

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a domain name such as login.example.com");

export const customDomainCreateSchema = z
  .object({
    domain: hostname,
    type: z.literal("self_managed_certs", { error: "TLS ends at your own proxy here: use self_managed_certs" }).default("self_managed_certs"),
    verification_method: z.literal("txt").optional(),
    tls_policy: z.literal("recommended").optional(),
    relying_party_identifier: hostname.optional(),
  })
  .strict();

export const customDomainPatchSchema = z
  .object({ tls_policy: z.literal("recommended").optional(), relying_party_identifier: hostname.nullable().optional() })
  .strict();

async function view(row: CustomDomainRow) {
  const site = (await allSites()).find((s) => s.customDomainId === row.id);
  return {
    custom_domain_id: row.id,
    domain: row.domain,
    primary: false,
    status: "ready",
    type: "self_managed_certs",
    tls_policy: "recommended",
    origin_domain_name: row.domain,
    verification: { methods: [], status: "verified" },
    /** The RP ID in force on this domain (the tenant's when related origins list it). */
    relying_party_identifier: site?.rpId ?? row.rpId ?? row.domain,
  };
}

async function row(id: string): Promise<CustomDomainRow> {
  const found = await db().customDomain.findUnique({ where: { id } });
  if (!found) throw new ApiError("not_found", "The custom domain does not exist");
  return found;
}

function checkRpId(domain: string, rpId: string | null | undefined): void {
  const problem = rpId ? rpIdProblem(domain, rpId) : undefined;
  if (problem) throw new ApiError("invalid_body", `relying_party_identifier: ${problem}`);
}

export async function listCustomDomains() {
  const rows = await db().customDomain.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return Promise.all(rows.map(view));
}

export async function getCustomDomain(id: string) {
  return view(await row(id));
}

export async function createCustomDomain(input: z.infer<typeof customDomainCreateSchema>) {
  if (input.domain === new URL(config().origin).hostname) throw new ApiError("invalid_body", "domain: this is the issuer's own host");
  checkRpId(input.domain, input.relying_party_identifier);
  try {
    const created = await changeConfig("custom_domain", () =>
      db().customDomain.create({ data: { id: `cd_${randomBytes(8).toString("hex")}`, domain: input.domain, rpId: input.relying_party_identifier ?? null } }),
    );
    return await view(created);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", "domain: this custom domain already exists");
    throw error;
  }
}

export async function updateCustomDomain(id: string, patch: z.infer<typeof customDomainPatchSchema>) {
  const existing = await row(id);
  const rpId = patch.relying_party_identifier;
  if (rpId !== undefined) {
    checkRpId(existing.domain, rpId);
    const inForce = existing.rpId ?? existing.domain;
    const next = rpId ?? existing.domain;
    const stranded = next === inForce ? 0 : await db().passkey.count({ where: { rpId: inForce } });
    if (stranded > 0) throw new ApiError("invalid_body", `relying_party_identifier: ${stranded} passkey(s) were made for ${inForce} and would stop working`);
  }
  const updated = await changeConfig("custom_domain", () => db().customDomain.update({ where: { id }, data: { rpId } }));
  return view(updated);
}

/** Removes the domain: its requests are refused from now on; passkeys made there stay, unusable unless it comes back. */
export async function deleteCustomDomain(id: string) {
  await row(id);
  await changeConfig("custom_domain", () => db().customDomain.deleteMany({ where: { id } }));
}
