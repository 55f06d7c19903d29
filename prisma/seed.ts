import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { config } from "../lib/config";
import { closeDb, db } from "../lib/db";
import { ensureTenant } from "../lib/tenant";
import { DEFAULT_PASSKEY_OPTIONS } from "../lib/policy/passkey-options";
import { DEFAULT_CONNECTION, DEMO_CLIENT_ID } from "./seed-constants";

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
  if (config().demoEnabled) {
    const { issuer } = config();
    const urls = { redirectUris: [`${issuer}/demo/callback`], postLogoutUris: [`${issuer}/demo`], webOrigins: [issuer] };
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  seed()
    .then(() => console.log("seeded"))
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(closeDb);
}
