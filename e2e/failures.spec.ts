import { randomBytes, generateKeyPairSync } from "node:crypto";
import { test, expect } from "./fixtures/authenticator";
import { enterSignupEmail, expectSignedIn, logOut, openLogin, signUpWithPasskey, uniqueEmail } from "./flows";

test("passkey creation fails user verification: a clear error, no account is created", async ({ page, authenticator }) => {
  const email = uniqueEmail("uvfail");
  await authenticator.setUserVerified(false);
  await enterSignupEmail(page, email);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page.getByTestId("error")).toHaveText(/The passkey prompt was closed or timed out/);
  expect(await authenticator.credentials()).toHaveLength(0);
  // Nothing half-created: the same email can still sign up.
  await authenticator.setUserVerified(true);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "phr");
});

test("passkey login with no passkey on the device: cancelled, the page stays usable", async ({ page }) => {
  await openLogin(page);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page.getByTestId("error")).toHaveText(/The passkey prompt was closed or timed out/);
  await expect(page.getByLabel("Email address")).toBeEditable();
});

test("passkey login failing user verification is cancelled, not signed in", async ({ page, authenticator }) => {
  const email = uniqueEmail("uvlogin");
  await signUpWithPasskey(page, email);
  await logOut(page);
  await authenticator.setPresence(false);
  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page.locator("form[data-conditional=pending]")).toBeVisible();
  await authenticator.setUserVerified(false);
  await authenticator.setPresence(true);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page.getByTestId("error")).toHaveText(/The passkey prompt was closed or timed out/);
  await expect(page).toHaveURL(/\/u\/login\?state=/);
});

test("a passkey this service does not know is refused with a clear message", async ({ page, authenticator }) => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  await authenticator.addCredential({
    credentialId: randomBytes(16).toString("base64"),
    isResidentCredential: true,
    rpId: "localhost",
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    userHandle: Buffer.from("someone-else").toString("base64"),
    signCount: 0,
  });
  await openLogin(page);
  // Autofill answers with the unknown credential.
  await expect(page.getByTestId("error")).toHaveText(/We don't recognize this passkey/);
  await expect(page).toHaveURL(/\/u\/login\?state=/);
});

test("replaying a consumed passkey answer is refused", async ({ page }) => {
  const email = uniqueEmail("replay");
  await enterSignupEmail(page, email);
  // On the passkey step first: its actions post to its own URL, which the route below matches.
  await expect(page).toHaveURL(/\/u\/signup\/passkey\?state=/);
  // Capture the server action that carries the registration response, then send it a second time.
  let replay: (() => Promise<string>) | undefined;
  await page.route(/\/u\/signup\/passkey/, async (route) => {
    const request = route.request();
    const body = request.postData() ?? "";
    if (request.method() === "POST" && body.includes("clientDataJSON")) {
      const headers = await request.allHeaders();
      replay = async () => (await page.request.post(request.url(), { headers, data: body })).text();
    }
    await route.continue();
  });
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "phr");
  expect(replay).toBeDefined();
  const second = await replay!();
  expect(second).toMatch(/"error":"(expired|challenge_invalid)"/);
  expect(second).not.toContain("redirectTo");
});
