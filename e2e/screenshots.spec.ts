import { test, expect, VirtualAuthenticator } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import {
  enterPasswordLogin,
  enterSignupEmail,
  expectEnrollmentOffer,
  expectSignedIn,
  logInWithPhone,
  logOut,
  openLogin,
  signUpWithPasskey,
  signUpWithPassword,
  uniqueEmail,
  PASSWORD,
} from "./flows";

// The README's pictures of the pages, taken from the running product (and each page checked with
// axe on the way). Every run saves them in test-results/screenshots; `UPDATE_SCREENSHOTS=1 npm test`
// refreshes the README's copies.
const folder = process.env.UPDATE_SCREENSHOTS ? "docs/screenshots" : "test-results/screenshots";
const shot = (name: string) => ({ path: `${folder}/${name}.png`, fullPage: true });

test("screenshots of the hosted pages", async ({ page }) => {
  // Eight pages, each checked with axe and captured full-page: on a slow day of this 2-core machine
  // that alone comes near the default 30 s, which is meant for one journey.
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 900, height: 760 });
  await openLogin(page);
  await expect(page.getByRole("button", { name: "Continue with a passkey" })).toBeVisible();
  await page.screenshot(shot("login"));

  await enterSignupEmail(page, "ada@example.com");
  await expect(page.getByRole("button", { name: "Create a passkey" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot(shot("signup-passkey"));
  await page.getByRole("link", { name: "Use a password instead" }).click();
  await expectAccessible(page);

  const email = uniqueEmail("shots");
  await signUpWithPasskey(page, email);
  await page.screenshot(shot("demo-signed-in"));

  await page.goto("/u/account/passkeys");
  await expect(page.getByTestId("passkey")).toHaveCount(1);
  await page
    .getByTestId("passkey")
    .getByRole("button", { name: /^Rename/ })
    .click();
  await page.getByLabel("New name").fill("MacBook Pro");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Passkey renamed.")).toBeVisible();
  await page.screenshot(shot("account-passkeys"));
  await page.goto("/demo");
  await logOut(page);

  await page.goto("/demo/login?ui_locales=fr");
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
  await page.screenshot(shot("login-fr"));
});

// A browser of its own: in the test above, autofill on the last login page may sign in with the
// passkey made there at any moment (and then /authorize shows no login page at all).
test("screenshots in Arabic (right to left) and Japanese", async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 760 });
  await page.goto("/demo/login?ui_locales=ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("form[data-conditional=done]")).toBeAttached(); // no passkey here: autofill has ended
  await page.screenshot(shot("login-ar"));
  await page.goto("/demo/login?ui_locales=ja");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.locator("form[data-conditional=done]")).toBeAttached();
  await page.screenshot(shot("login-ja"));
});

test("screenshots of the passkey offers", async ({ page, authenticator, operator }) => {
  await page.setViewportSize({ width: 900, height: 760 });
  const email = uniqueEmail("offers");
  await signUpWithPassword(page, email);
  await logOut(page);
  await openLogin(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  await expectAccessible(page);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expectEnrollmentOffer(page);
  await page.screenshot(shot("progressive-enrollment"));
  await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, "pwd");
  await logOut(page);

  // Local enrollment: a passkey from a phone, then the offer on this device.
  await operator.setConnection({ passkey_options: { challenge_ui: "button" } });
  await authenticator.detach();
  const phone = await VirtualAuthenticator.attach(page, { transport: "cable" });
  const phoneUser = uniqueEmail("phone");
  await enterSignupEmail(page, phoneUser);
  await page.getByRole("button", { name: "Try another way" }).click();
  await page.screenshot(shot("signup-another-way"));
  await page.getByRole("button", { name: "Create it on a phone or tablet" }).click();
  await expectSignedIn(page, phoneUser, "phr");
  await logOut(page);
  await VirtualAuthenticator.attach(page);
  await logInWithPhone(page);
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\/local\?state=/);
  await expect(page.locator("[data-ready=yes]")).toBeAttached();
  await page.screenshot(shot("local-enrollment"));
  await phone.detach();
});

test("screenshots of two-step verification", async ({ page, operator }) => {
  await page.setViewportSize({ width: 900, height: 760 });
  const email = uniqueEmail("mfa-shot");
  await signUpWithPassword(page, email);
  await logOut(page);
  await operator.setConnection({ mfa: { required: true } });
  await enterPasswordLogin(page, email);
  await expect(page).toHaveURL(/\/u\/mfa\/enroll\?state=/);
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  // The secret differs on every run; hide it so the picture is about the page.
  await page.getByTestId("totp-secret").evaluate((el) => (el.textContent = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
  await page.screenshot(shot("mfa-enroll"));
});
