import { request as httpRequest } from "node:http";
import { createServer, type Server } from "node:https";
import { readFileSync } from "node:fs";
import { test, expect } from "./fixtures/authenticator";
import { expectSignedIn, logOut, openLogin, openSignup, uniqueEmail } from "./flows";
import { makeCertificate } from "../lib/testing/tls";

// WebAuthn related origins in Chromium: with the tenant's related_origins listing a brand domain,
// ceremonies there use the tenant's RP ID (localhost here), and Chromium, seeing an RP ID that is
// not a suffix of the page's host, fetches https://localhost/.well-known/webauthn to check that
// the page's origin is listed. That URL has no port: the spec stands in for the operator's TLS
// proxy on 443 (which needs root, as CI has), passing that one path on to the service. One
// passkey then signs in on both hosts.

const port = new URL(process.env.E2E_BASE_URL!).port;
const RELATED = `http://login.related.localhost:${port}`;
const certificate = makeCertificate();

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", `--ignore-certificate-errors-spki-list=${certificate.spki}`],
  },
});

let proxy: Server | undefined;
let fetched = 0;

test.beforeAll(async () => {
  const server = createServer({ key: readFileSync(certificate.keyFile), cert: readFileSync(certificate.certificateFile) }, (req, res) => {
    if (req.url !== "/.well-known/webauthn") return void res.writeHead(404).end();
    fetched++;
    const upstream = httpRequest({ host: "127.0.0.1", port, path: req.url, headers: { host: `localhost:${port}` } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    upstream.end();
  });
  const bound = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(443, "127.0.0.1", () => resolve(true));
  });
  if (bound) proxy = server;
  else if (process.env.CI) throw new Error("related origins: could not listen on port 443 (CI runs as root)");
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
});

test("one passkey, made on a related brand domain, signs in there and on the issuer's host", async ({ page, operator, authenticator }) => {
  test.skip(!proxy, "port 443 is taken or needs root here: outside CI only (CI fails in beforeAll instead)");
  await operator.api("POST", "/api/v2/custom-domains", { domain: "login.related.localhost", type: "self_managed_certs" }, 201);
  await operator.setTenant({ related_origins: [RELATED] });
  try {
    const file = await page.request.get("/.well-known/webauthn");
    expect(await file.json()).toEqual({ origins: [process.env.E2E_BASE_URL, RELATED] });

    const email = uniqueEmail("related");
    await openSignup(page, RELATED);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    await page.getByRole("button", { name: "Create a passkey" }).click();
    const claims = await expectSignedIn(page, email, "phr");
    expect(claims.iss).toBe(`${RELATED}/`);
    expect((await authenticator.credentials()).map((c) => c.rpId)).toEqual(["localhost"]);
    expect(fetched).toBeGreaterThan(0); // Chromium checked the list before creating it
    await logOut(page);

    // The issuer's host: autofill finds the same passkey (its RP ID is this host's).
    await openLogin(page);
    await expectSignedIn(page, email, "phr");
    await logOut(page);
    // And back on the brand domain, signing in this time.
    await openLogin(page, RELATED);
    await expectSignedIn(page, email, "phr");
  } finally {
    await operator.setTenant({ related_origins: [] });
  }
});
