import { randomUUID } from "node:crypto";
import { config } from "../lib/config";
import { db } from "../lib/db";
import { ensureTenant } from "../lib/tenant";
import { DEFAULT_PASSKEY_OPTIONS } from "../lib/policy/passkey-options";
import { hashClientSecret } from "../lib/oidc/clients";
import { MANAGEMENT_SCOPES, managementAudience } from "../lib/management/scopes";
import { ACCOUNT_CLIENT_ID, DEFAULT_CONNECTION, DEMO_CLIENT_ID } from "./seed-constants";

// Idempotent: run on every start. Creates what a fresh install needs and changes nothing a
// operator has set, except the demo client's URLs, which follow ISSUER.

export async function seed(): Promise<void> {
  await ensureTenant();
  const connections = await db().connection.count();
  if (connections === 0) {
    await db().connection.create({
      data: {
        id: `con_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
        name: DEFAULT_CONNECTION,
        isDefault: true,
        passkeyOptions: DEFAULT_PASSKEY_OPTIONS,
      },
    });
  }
  const { origin } = config();
  // Account settings (/u/account) sign in through the code flow like any application.
  const accountUrls = { redirectUris: [`${origin}/u/account/callback`], postLogoutUris: [`${origin}/u/account`], webOrigins: [origin] };
  await db().client.upsert({
    where: { clientId: ACCOUNT_CLIENT_ID },
    create: { clientId: ACCOUNT_CLIENT_ID, name: "Account settings", grantTypes: ["authorization_code"], firstParty: true, ...accountUrls },
    update: accountUrls,
  });
  await seedManagementClient();
  if (config().demoEnabled) {
    const urls = { redirectUris: [`${origin}/demo/callback`], postLogoutUris: [`${origin}/demo`], webOrigins: [origin] };
    // A public client (PKCE, no secret): the demo shows the flow, it holds no secret to leak.
    await db().client.upsert({
      where: { clientId: DEMO_CLIENT_ID },
      create: {
        clientId: DEMO_CLIENT_ID,
        name: "Demo application",
        appType: "regular_web",
        grantTypes: ["authorization_code", "refresh_token"],
        firstParty: true,
        ...urls,
      },
      update: urls,
    });
  }
}

/**
 * The operator's first machine-to-machine client for the Management API, from
 * MANAGEMENT_CLIENT_ID / MANAGEMENT_CLIENT_SECRET (secret of 32+ characters). Its secret follows
 * the environment; its grant covers every Management API scope.
 */
async function seedManagementClient(): Promise<void> {
  const clientId = process.env.MANAGEMENT_CLIENT_ID;
  const secret = process.env.MANAGEMENT_CLIENT_SECRET;
  if (!clientId && !secret) return;
  if (!clientId || !secret || secret.length < 32) {
    throw new Error("Set MANAGEMENT_CLIENT_ID and MANAGEMENT_CLIENT_SECRET (32+ characters) together");
  }
  const clientSecretHash = hashClientSecret(secret);
  await db().client.upsert({
    where: { clientId },
    // client_secret_post, as Auth0 registers machine-to-machine applications (its SDKs send the secret in the body).
    create: {
      clientId,
      clientSecretHash,
      name: "Management API (bootstrap)",
      appType: "non_interactive",
      grantTypes: ["client_credentials"],
      firstParty: true,
      redirectUris: [],
      postLogoutUris: [],
      webOrigins: [],
      tokenEndpointAuthMethod: "client_secret_post",
    },
    update: { clientSecretHash, tokenEndpointAuthMethod: "client_secret_post" },
  });
  const audience = managementAudience();
  await db().clientGrant.upsert({
    where: { clientId_audience: { clientId, audience } },
    create: { id: `cgr_${randomUUID().replaceAll("-", "").slice(0, 16)}`, clientId, audience, scope: [...MANAGEMENT_SCOPES] },
    update: { scope: [...MANAGEMENT_SCOPES] },
  });
}
