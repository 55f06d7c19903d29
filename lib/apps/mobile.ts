import { z } from "zod";
import { db } from "../db";
import { WEBAUTHN_GRANT } from "../oidc/constants";

// Native apps registered on clients (Auth0's `mobile` client setting), and what the platforms
// need from this domain to let those apps use its passkeys: Apple's apple-app-site-association
// (webcredentials) and Google's Digital Asset Links (get_login_creds). Android apps sign
// WebAuthn client data with an `android:apk-key-hash:` origin derived from the signing cert.

const fingerprint = z
  .string()
  .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, "must be a SHA-256 fingerprint: 32 hex bytes separated by colons")
  .transform((s) => s.toUpperCase());

export const mobileSchema = z
  .object({
    ios: z
      .object({
        team_id: z.string().regex(/^[A-Z0-9]{10}$/, "must be a 10-character Apple Team ID"),
        app_bundle_identifier: z
          .string()
          .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, "must be a reverse-DNS bundle identifier")
          .max(155),
      })
      .strict()
      .optional(),
    android: z
      .object({
        app_package_name: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/, "must be a Java package name")
          .max(255),
        sha256_cert_fingerprints: z.array(fingerprint).min(1).max(10),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Mobile = z.infer<typeof mobileSchema>;

/** A stored `mobile` value; anything unreadable counts as no apps. */
export function readMobile(value: unknown): Mobile {
  const parsed = mobileSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The origin an Android app puts in clientDataJSON: the base64url SHA-256 of its signing cert. */
export function androidOrigin(fingerprint: string): string {
  return `android:apk-key-hash:${Buffer.from(fingerprint.replaceAll(":", ""), "hex").toString("base64url")}`;
}

/**
 * Applications trusted with this domain's passkeys: first-party clients allowed the passkey grant
 * (a third-party app must not run the user's passkey ceremony itself).
 */
export function isPasskeyApp(client: { firstParty: boolean; grantTypes: string[] }): boolean {
  return client.firstParty && client.grantTypes.includes(WEBAUTHN_GRANT);
}
const PASSKEY_APPS = { firstParty: true, grantTypes: { has: WEBAUTHN_GRANT } };

/** The native apps of the applications trusted with passkeys (see isPasskeyApp). */
export async function mobileApps(): Promise<Mobile[]> {
  const clients = await db().client.findMany({
    where: PASSKEY_APPS,
    select: { mobile: true },
    orderBy: { createdAt: "asc" },
  });
  return clients.map((c) => readMobile(c.mobile));
}

/** /.well-known/apple-app-site-association: the iOS apps that may use this domain's passkeys. */
export async function appleAppSiteAssociation() {
  const apps = (await mobileApps()).flatMap((m) => (m.ios ? [`${m.ios.team_id}.${m.ios.app_bundle_identifier}`] : []));
  return { webcredentials: { apps: [...new Set(apps)] } };
}

/** /.well-known/assetlinks.json: the Android apps that may use this domain's passkeys. */
export async function assetLinks() {
  return (await mobileApps()).flatMap((m) =>
    m.android
      ? [
          {
            relation: ["delegate_permission/common.get_login_creds"],
            target: { namespace: "android_app", package_name: m.android.app_package_name, sha256_cert_fingerprints: m.android.sha256_cert_fingerprints },
          },
        ]
      : [],
  );
}
