import { test, expect, toBase64Url } from "./fixtures/authenticator";
import {
  enterSignupEmail,
  expectEnrollmentOffer,
  expectSignedIn,
  logOut,
  openLogin,
  PASSWORD,
  signUpWithPasskey,
  signUpWithPassword,
  uniqueEmail,
} from "./flows";

test("passkey signup returns to the app with verified tokens and stores a discoverable credential", async ({ page, authenticator }) => {
  const email = uniqueEmail("passkey");
  await signUpWithPasskey(page, email);

  const userinfo = JSON.parse((await page.getByTestId("userinfo").textContent()) ?? "{}") as { email?: string };
  expect(userinfo.email).toBe(email);
  const credentials = await authenticator.credentials();
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  expect(credentials[0].rpId).toBe("localhost");
  // The user handle the authenticator stored is the account's subject.
  const claims = JSON.parse((await page.getByTestId("claims").textContent()) ?? "{}") as { sub?: string };
  expect(Buffer.from(credentials[0].userHandle ?? "", "base64").toString("utf8")).toBe(claims.sub);
  expect(toBase64Url(credentials[0].credentialId).length).toBeGreaterThan(10);
});

test("logout ends the session at the provider: the next login asks again", async ({ page, authenticator }) => {
  const email = uniqueEmail("logout");
  await signUpWithPasskey(page, email);
  await logOut(page);
  // Without presence, the page's passkey autofill waits instead of signing the user straight back in
  // (on a slow machine it did, before the heading was looked for).
  await authenticator.setPresence(false);
  await openLogin(page);
  await expect(page.getByRole("heading", { name: "Welcome" })).toBeVisible();
});

test("password signup and login", async ({ page }) => {
  const email = uniqueEmail("password");
  await signUpWithPassword(page, email);
  await logOut(page);
  await openLogin(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  // No passkey yet: the passkey offer comes first (e2e/enrollment.spec.ts covers it).
  await expectEnrollmentOffer(page);
  await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, "pwd");
});

test("an existing email at signup is sent to login, not created again", async ({ page }) => {
  const email = uniqueEmail("exists");
  await signUpWithPassword(page, email);
  await logOut(page);
  await enterSignupEmail(page, email);
  await expect(page).toHaveURL(/\/u\/login\?state=.*exists=1/);
  await expect(page.getByRole("status")).toHaveText("You already have an account. Log in instead.");
  await expect(page.getByLabel("Email address")).toHaveValue(email);
});

test("a too-short password is refused with a clear message", async ({ page }) => {
  await enterSignupEmail(page, uniqueEmail("short"));
  await page.getByRole("link", { name: "Use a password instead" }).click();
  await page.getByLabel("Password").evaluate((el: HTMLInputElement) => el.removeAttribute("minlength"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("error")).toHaveText("The password is too short.");
});

test("the pages follow ui_locales: French", async ({ page }) => {
  await page.goto("/demo/login?ui_locales=fr");
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.getByLabel("Adresse e-mail").fill("not-an-email@");
  await page.getByLabel("Adresse e-mail").evaluate((el: HTMLInputElement) => (el.type = "text"));
  await page.getByRole("button", { name: "Continuer", exact: true }).click();
  await expect(page.getByTestId("error")).toHaveText("Saisissez une adresse e-mail valide.");
});
