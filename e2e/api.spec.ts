import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { androidOrigin } from "../lib/apps/mobile";
import { WEBAUTHN_GRANT } from "../lib/oidc/constants";
import { SoftAuthenticator } from "../lib/testing/soft-authenticator";
import { test, expect } from "./fixtures/authenticator";
import { openLogin } from "./flows";

// The native passkey API, My Account and the association files through the production server's
// real routes (the integration suite calls the same router in-process; this proves the paths,
// encodings, content types and headers users get), plus the tenant's branding on the pages.

/** The native passkey API's answers, as far as the test reads them. */
type Ceremony<Options> = { auth_session: string; authn_params_public_key: Options };

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, "0").toUpperCase()).join(":");

test("a native app signs up, enrolls a second passkey through My Account, and signs in", async ({ request, operator }) => {
  const base = process.env.E2E_BASE_URL!;
  const app = (await operator.api(
    "POST",
    "/api/v2/clients",
    {
      name: "Acme Android",
      app_type: "native",
      grant_types: [WEBAUTHN_GRANT, "refresh_token"],
      mobile: { android: { app_package_name: "com.acme.e2e", sha256_cert_fingerprints: [FINGERPRINT] } },
    },
    201,
  )) as { client_id: string };
  const grant = (await operator.api(
    "POST",
    "/api/v2/client-grants",
    { client_id: app.client_id, audience: `${base}/me/`, scope: ["create:me:authentication_methods", "read:me:authentication_methods"] },
    201,
  )) as { id: string };
  try {
    const links = await request.get("/.well-known/assetlinks.json");
    expect(links.headers()["content-type"]).toMatch(/^application\/json/);
    expect(links.headers()).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
    expect(await links.json()).toContainEqual({
      relation: ["delegate_permission/common.get_login_creds"],
      target: { namespace: "android_app", package_name: "com.acme.e2e", sha256_cert_fingerprints: [FINGERPRINT] },
    });
    const aasa = await request.get("/.well-known/apple-app-site-association");
    expect(aasa.headers()["content-type"]).toMatch(/^application\/json/);
    expect(await aasa.json()).toHaveProperty("webcredentials.apps");

    const origin = androidOrigin(FINGERPRINT);
    const phone = new SoftAuthenticator();
    const email = `native-${Date.now()}@example.com`;
    const register = await request.post("/passkey/register", { data: { client_id: app.client_id, user_profile: { email } } });
    expect(register.status(), await register.text()).toBe(200);
    const signup = (await register.json()) as Ceremony<PublicKeyCredentialCreationOptionsJSON>;
    const tokens = await request.post("/oauth/token", {
      data: {
        grant_type: WEBAUTHN_GRANT,
        client_id: app.client_id,
        auth_session: signup.auth_session,
        authn_response: phone.register(signup.authn_params_public_key, { origin }),
        scope: "openid email offline_access create:me:authentication_methods read:me:authentication_methods",
        audience: `${base}/me/`,
      },
    });
    expect(tokens.status(), await tokens.text()).toBe(200);
    const { access_token, id_token, refresh_token } = (await tokens.json()) as { access_token: string; id_token?: string; refresh_token?: string };
    expect(id_token && refresh_token).toBeTruthy();

    const bearer = { authorization: `Bearer ${access_token}` };
    const start = await request.post("/me/v1/authentication-methods", { headers: bearer, data: { type: "passkey" } });
    expect(start.status(), await start.text()).toBe(201);
    const enrollment = (await start.json()) as Ceremony<PublicKeyCredentialCreationOptionsJSON>;
    const key = new SoftAuthenticator({ authenticatorAttachment: "cross-platform", transports: ["usb"] });
    const verify = await request.post(`${start.headers().location}/verify`, {
      headers: bearer,
      data: { auth_session: enrollment.auth_session, authn_response: key.register(enrollment.authn_params_public_key, { origin }) },
    });
    expect(verify.status(), await verify.text()).toBe(201);
    expect(await verify.json()).toMatchObject({ type: "passkey", transports: ["usb"] });
    const list = await request.get("/me/v1/authentication-methods", { headers: bearer });
    expect(((await list.json()) as { authentication_methods: unknown[] }).authentication_methods).toHaveLength(2);

    const challenge = (await (
      await request.post("/passkey/challenge", { data: { client_id: app.client_id } })
    ).json()) as Ceremony<PublicKeyCredentialRequestOptionsJSON>;
    const login = await request.post("/oauth/token", {
      data: {
        grant_type: WEBAUTHN_GRANT,
        client_id: app.client_id,
        auth_session: challenge.auth_session,
        authn_response: key.authenticate(challenge.authn_params_public_key, { origin }),
      },
    });
    expect(login.status(), await login.text()).toBe(200);
    const replay = await request.post("/oauth/token", {
      data: {
        grant_type: WEBAUTHN_GRANT,
        client_id: app.client_id,
        auth_session: challenge.auth_session,
        authn_response: key.authenticate(challenge.authn_params_public_key, { origin }),
      },
    });
    expect(replay.status()).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });

    // A client's own X-Forwarded-For is not believed (it would dodge the rate limit and forge logs).
    const spoofed = await request.post("/passkey/challenge", { headers: { "x-forwarded-for": "203.0.113.250" }, data: { client_id: app.client_id } });
    expect(spoofed.status()).toBe(200);
    const events = (await operator.api("GET", `/api/v2/logs?q=${encodeURIComponent(`type:passkey_challenge_started AND client_id:${app.client_id}`)}`)) as {
      ip: string;
    }[];
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const event of events) expect(event.ip).not.toBe("203.0.113.250");

    const bad = await request.post("/passkey/register", { headers: { "content-type": "text/plain" }, data: "hello" });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_request", error_description: expect.any(String) });
  } finally {
    await operator.api("DELETE", `/api/v2/client-grants/${grant.id}`, undefined, 204);
    await operator.api("DELETE", `/api/v2/clients/${app.client_id}`, undefined, 204);
  }
});

test("the tenant's logo and primary colour brand the hosted pages", async ({ page, operator }) => {
  await operator.setTenant({ friendly_name: "Acme Corp", branding: { logo_url: "https://cdn.example.test/acme.svg", colors: { primary: "#0a5c36" } } });
  try {
    await page.route("https://cdn.example.test/**", (route) =>
      route.fulfill({ contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"/>' }),
    );
    await openLogin(page);
    await expect(page.getByText("Acme Corp")).toBeVisible();
    await expect(page.locator('img[src="https://cdn.example.test/acme.svg"]')).toBeVisible();
    await expect(page.getByRole("button", { name: "Continue", exact: true })).toHaveCSS("background-color", "rgb(10, 92, 54)");
  } finally {
    await operator.setTenant({ friendly_name: "Passkey Universal Login", branding: {} });
  }
});
