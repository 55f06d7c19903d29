// Everything configurable comes from the environment, read once, with defaults that make
// `npm start` work on a fresh clone (embedded database, http://localhost:3000).

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function positive(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number: ${process.env[name]}`);
  return n;
}

function port(): number {
  const n = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`PORT is not a valid port: ${process.env.PORT}`);
  return n;
}

function smtpUrl(): string | undefined {
  const value = process.env.SMTP_URL || undefined;
  if (value !== undefined && !/^smtps?:\/\/[^/]/.test(value)) throw new Error("SMTP_URL must be an smtp:// or smtps:// URL");
  return value;
}

export type Config = {
  port: number;
  /** Public origin of this service (no trailing slash): where the hosted pages and every endpoint live. */
  origin: string;
  /** The OIDC issuer: the origin with a trailing slash, as Auth0's issuers are (its SDKs check it). */
  issuer: string;
  /** WebAuthn relying party ID (a registrable domain suffix of the origins). */
  rpId: string;
  rpName: string;
  /** Origins allowed in clientDataJSON. */
  expectedOrigins: string[];
  /** Whether cookies get the Secure attribute (true whenever the issuer is https). */
  secureCookies: boolean;
  /** Seed the demo application's client (redirects to ISSUER/demo). */
  demoEnabled: boolean;
  /** Where mail goes: an SMTP server (smtp:// or smtps:// URL), or unset for the development outbox (lib/mail). */
  smtpUrl: string | undefined;
  /** The From address of every message. */
  mailFrom: string;
  /** The numbers of the abuse limits (lib/limits.ts holds the table that uses them). */
  limits: {
    /** Passkey challenges (pages, native API, My Account) one address may ask for per minute. */
    passkeyChallengesPerMinute: number;
    /** Signups (hosted and native) one address may attempt per minute. */
    signupsPerMinute: number;
    /** Management API tokens one address may ask for per minute. */
    managementTokensPerMinute: number;
    /** Failed logins one address may make per hour, across identifiers, before it is blocked. */
    ipFailuresPerHour: number;
    /** How long an identifier + address pair (or an address) stays blocked after too many failed logins. */
    blockSeconds: number;
  };
};

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const p = port();
  const issuerUrl = new URL(process.env.ISSUER ?? `http://localhost:${p}`);
  if (issuerUrl.pathname !== "/" || issuerUrl.search || issuerUrl.hash) throw new Error(`ISSUER must be an origin (scheme, host, port): ${process.env.ISSUER}`);
  cached = {
    port: p,
    origin: issuerUrl.origin,
    issuer: `${issuerUrl.origin}/`,
    rpId: process.env.RP_ID ?? issuerUrl.hostname,
    rpName: process.env.RP_NAME ?? "Passkey Universal Login",
    expectedOrigins: list(process.env.RP_ORIGINS).length ? list(process.env.RP_ORIGINS) : [issuerUrl.origin],
    secureCookies: issuerUrl.protocol === "https:",
    demoEnabled: (process.env.DEMO_ENABLED ?? "true") !== "false",
    smtpUrl: smtpUrl(),
    mailFrom: process.env.MAIL_FROM ?? `Passkey Universal Login <no-reply@${issuerUrl.hostname}>`,
    limits: {
      passkeyChallengesPerMinute: positive("PASSKEY_API_RATE_LIMIT", 100),
      signupsPerMinute: positive("SIGNUP_RATE_LIMIT", 20),
      managementTokensPerMinute: positive("MANAGEMENT_TOKEN_RATE_LIMIT", 60),
      ipFailuresPerHour: positive("LOGIN_IP_FAILURE_LIMIT", 100),
      blockSeconds: positive("LOGIN_BLOCK_SECONDS", 3600),
    },
  };
  return cached;
}

/** Tests change the environment between cases. */
export function resetConfigForTests() {
  cached = undefined;
}
