import { test, expect } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { expectEnrollmentOffer, expectSignedIn, logOut, openLogin, PASSWORD, signUpWithPasskey, signUpWithPassword, uniqueEmail } from "./flows";

test("the email field offers passkeys (autocomplete) and the page has a CSP", async ({ page }) => {
  await page.goto("/demo");
  const [response] = await Promise.all([page.waitForResponse(/\/u\/login\?state=/), page.getByRole("link", { name: "Log in" }).click()]);
  expect(response.headers()["content-security-policy"]).toContain("script-src 'self' 'nonce-");
  await expect(page.getByLabel("Email address")).toHaveAttribute("autocomplete", "username webauthn");
  await expect(page.getByRole("button", { name: "Continue with a passkey" })).toBeVisible();
  // No passkey on this device: the autofill request ends quietly, with no error shown.
  await expect(page.locator("form[data-conditional=done]")).toBeAttached();
  await expect(page.getByTestId("error")).toBeEmpty();
});

test("passkey login with autofill (conditional UI): no click needed", async ({ page }) => {
  const email = uniqueEmail("autofill");
  await signUpWithPasskey(page, email);
  await logOut(page);
  await page.getByRole("link", { name: "Log in" }).click();
  // The pending conditional request is answered by the authenticator with the saved passkey.
  await expectSignedIn(page, email, "phr");
});

test("passkey login with the button", async ({ page, authenticator }) => {
  const email = uniqueEmail("button");
  await signUpWithPasskey(page, email);
  await logOut(page);
  await authenticator.setPresence(false);
  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page.locator("form[data-conditional=pending]")).toBeVisible();
  await authenticator.setPresence(true);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expectSignedIn(page, email, "phr");
});

test("after the email, a user with a passkey is offered it", async ({ page, authenticator }) => {
  const email = uniqueEmail("offer");
  await signUpWithPasskey(page, email);
  await logOut(page);
  // Take the passkey out so autofill cannot answer, enter the email, then put it back.
  const [credential] = await authenticator.credentials();
  await authenticator.removeCredential(credential.credentialId);
  await openLogin(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/passkey\?state=/);
  await expect(page.getByRole("heading", { name: "Use your passkey" })).toBeVisible();
  await expectAccessible(page);
  // Cancelled first (no passkey on the device yet), then with the passkey back.
  await page.getByRole("button", { name: "Use passkey" }).click();
  await expect(page.getByTestId("error")).toContainText("The passkey prompt was closed or timed out");
  await authenticator.addCredential(credential);
  await page.getByRole("button", { name: "Use passkey" }).click();
  await expectSignedIn(page, email, "phr");
});

test("wrong password shows an error and nothing else happens", async ({ page }) => {
  const email = uniqueEmail("wrong");
  await signUpWithPassword(page, email);
  await logOut(page);
  await openLogin(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("error")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expectEnrollmentOffer(page);
  await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, "pwd");
});

test("an unknown email goes to the password step like any other (no account enumeration)", async ({ page }) => {
  await openLogin(page);
  await page.getByLabel("Email address").fill(uniqueEmail("nobody"));
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  await page.getByLabel("Password").fill("whatever password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("error")).toHaveText("Wrong email or password.");
});

test("a login page with an unknown or foreign state shows the expired message", async ({ page }) => {
  await page.goto("/u/login?state=AAAAAAAAAAAAAAAAAAAAA");
  await expect(page.getByTestId("error")).toHaveText("This login request has expired. Go back to the application and try again.");
  await expectAccessible(page);
  // Every step of the flow refuses a state it does not know, the same way.
  for (const step of ["/u/login/password", "/u/login/passkey", "/u/passkey-enrollment", "/u/passkey-enrollment/local", "/u/mfa", "/u/mfa/enroll"]) {
    await page.goto(`${step}?state=AAAAAAAAAAAAAAAAAAAAA`);
    await expect(page.getByTestId("error")).toContainText("expired");
  }
  await page.goto("/u/login?state=<script>");
  await expect(page.getByTestId("error")).toContainText("expired");
});

test("autofill offers the passkey again after the button's prompt is cancelled", async ({ page, authenticator }) => {
  const email = uniqueEmail("rearm-cancel");
  await signUpWithPasskey(page, email);
  await logOut(page);
  // The device refuses to verify the user: the page's autofill ends quietly, the button's prompt fails.
  await authenticator.setUserVerified(false);
  await openLogin(page);
  await expect(page.locator("form[data-conditional=done][data-rearms='0']")).toBeAttached();
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page.getByTestId("error").first()).toContainText("The passkey prompt was closed or timed out");
  // The user can verify now: the field offers the passkey again (a second later), and picking it signs in.
  await authenticator.setUserVerified(true);
  await expectSignedIn(page, email, "phr");
  await expect(page).toHaveURL(/\/demo$/);
});

test("autofill offers the passkey again after the server refuses it", async ({ page, authenticator }) => {
  const email = uniqueEmail("rearm-refused");
  await signUpWithPasskey(page, email);
  await logOut(page);
  // Answers the server refuses (no user verification in the signed data), again and again…
  await authenticator.setResponseOverrideBits({ isBadUV: true });
  await openLogin(page);
  await expect(page.getByTestId("error").first()).toContainText("could not be verified");
  await expect(page.locator("form[data-rearms='2']")).toBeAttached();
  // …until the device answers right: the next offer signs in.
  await authenticator.setResponseOverrideBits({});
  await expectSignedIn(page, email, "phr");
});
