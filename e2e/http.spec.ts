import { test, expect } from "./fixtures/authenticator";
import { openLogin, openSignup, uniqueEmail } from "./flows";

// Bad input over HTTP: a clear error with the right status, never a 5xx.

test("routes refuse bad input with 4xx, never 5xx", async ({ request }) => {
  const consent = await request.get("/u/consent?state=bogus");
  expect(consent.status()).toBe(400);
  expect(await consent.json()).toMatchObject({ error: "invalid_request" });

  const callback = await request.get("/demo/callback?code=x&state=y", { maxRedirects: 0 });
  expect(callback.status()).toBe(303);
  expect(callback.headers().location).toContain("/demo?error=");

  const foreign = await request.get(
    "/authorize?client_id=demo&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
    { maxRedirects: 0 },
  );
  expect(foreign.status()).toBe(400);
  expect(foreign.headers().location).toBeUndefined();

  const token = await request.post("/oauth/token", { form: { grant_type: "authorization_code", client_id: "demo", code: "zzz" } });
  expect(token.status()).toBe(400);
  expect(await token.json()).toMatchObject({ error: expect.any(String) });

  const huge = await request.post("/oauth/token", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `grant_type=${"a".repeat(300_000)}`,
  });
  expect(huge.status()).toBeGreaterThanOrEqual(400);
  expect(huge.status()).toBeLessThan(500);

  // The JSON APIs answer in JSON for what no endpoint handles: an unreadable id, a typo, a method.
  const malformed = await request.get("/api/v2/clients/%E0%A4%A");
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: "invalid_request", error_description: expect.any(String) });
  const unknown = await request.get("/api/v2/nope");
  expect(unknown.status()).toBe(404);
  // The Management API answers in its Auth0 shape.
  expect(await unknown.json()).toEqual({ statusCode: 404, error: "Not Found", message: "There is no endpoint at /api/v2/nope", errorCode: "not_found" });
  const method = await request.put("/passkey/challenge", { data: {} });
  expect(method.status()).toBe(405);
  expect(method.headers().allow).toBe("OPTIONS, POST");

  const action = await request.post("/u/login?state=x", { headers: { "Next-Action": "0".repeat(40), "content-type": "text/plain" }, data: '["x"]' });
  expect(action.status()).toBeLessThan(500);
});

test("a server action called with malformed arguments answers with an error value", async ({ page }) => {
  await openLogin(page);
  const email = uniqueEmail("probe");
  // Capture the email step's server action (its id and the transaction), then call it by hand.
  // Other actions (the autofill's options request) run on this page too: match on the email.
  // (waitForRequest, not a listener of our own: nothing of the test stays attached to the page,
  // whose teardown once outlasted the test's timeout on a loaded machine.)
  const captured = page.waitForRequest((r) => r.method() === "POST" && "next-action" in r.headers() && (r.postData() ?? "").includes(email));
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  const emailStep = await captured;
  const [state] = JSON.parse(emailStep.postData() ?? "[]") as string[];
  const { url, headers } = { url: emailStep.url(), headers: await emailStep.allHeaders() };
  const call = async (args: unknown[]) => {
    const response = await page.request.post(url, { headers, data: JSON.stringify(args) });
    expect(response.status()).toBe(200);
    return response.text();
  };
  expect(await call([state, { not: "an email" }])).toContain('"error":"invalid_email"');
  expect(await call([state, "x".repeat(100_000) + "@example.com"])).toContain('"error":"invalid_email"');
  expect(await call([state, 42])).toContain('"error":"invalid_email"');
  expect(await call(["not-a-state", "a@example.com"])).toContain('"error":"expired"');
  expect(await call([{ evil: true }, "a@example.com"])).toContain('"error":"expired"');
});

test("login_hint fills the email field", async ({ page }) => {
  await page.goto("/demo/login?login_hint=hinted%40example.com");
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  await expect(page.getByLabel("Email address")).toHaveValue("hinted@example.com");
});

test("every page has its own title, in its language", async ({ page }) => {
  await openLogin(page);
  await expect(page).toHaveTitle("Welcome");
  await page.getByLabel("Email address").fill(uniqueEmail("title"));
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password/);
  await expect(page).toHaveTitle("Enter your password");
  await openSignup(page);
  await expect(page).toHaveTitle("Create your account");
});

test("a favicon, and a mark in the card's corner until the tenant sets a logo", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toBe("image/x-icon");
  await page.goto("/demo/login");
  // In the brand colour; without one, the neutral of the light scheme.
  expect(await page.locator("main svg rect").evaluate((el) => getComputedStyle(el).fill)).toBe("rgb(24, 24, 27)");
});

test("the card stays in place from one step to the next", async ({ page }) => {
  await page.goto("/demo/login");
  const top = async () => (await page.getByRole("heading", { level: 1 }).boundingBox())?.y;
  const first = await top();
  await page.getByLabel("Email address").fill("nobody@example.com");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Enter your password" })).toBeVisible();
  expect(await top()).toBe(first);
});
