import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { test, expect } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { newestMail } from "./fixtures/outbox";
import { enterPasswordLogin, expectEnrollmentOffer, expectSignedIn, logOut, openLogin, PASSWORD, signUpWithPassword, uniqueEmail } from "./flows";

// Account recovery ("Forgot password?", and "Lost your passkey?" on a passkey-only connection) as a user meets it, with the quick start's mail: no SMTP server, so the
// message waits on the development outbox page (lib/mail/outbox.ts), where the test reads it.

const NEW_PASSWORD = "a brand new passphrase";
const folder = process.env.UPDATE_SCREENSHOTS ? "docs/screenshots" : "test-results/screenshots";

/** The link in the newest mail to `email` with this subject. */
async function linkFromOutbox(page: Page, email: string, subject = "Reset your Passkey Universal Login password"): Promise<string> {
  const { link } = await newestMail(page, email, subject);
  expect(link).toBeTruthy();
  return link ?? "";
}

async function askForLink(page: Page, email: string) {
  await openLogin(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/u\/reset-password\?state=/);
  await expect(page).toHaveTitle("Reset your password");
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("It works once, for 15 minutes, in this browser.");
  return linkFromOutbox(page, email);
}

async function openInAnotherBrowser(browser: Browser, link: string) {
  const other = await browser.newContext();
  const page = await other.newPage();
  await page.goto(link);
  await expect(page.getByTestId("error")).toHaveText("Open this link in the browser where you asked for it, while that sign-in is still open.");
  await expect(page.getByLabel("New password")).toHaveCount(0);
  await other.close();
}

test("forgot password: the emailed link sets a new password here, then the passkey offer; it works once", async ({ page, browser }) => {
  const email = uniqueEmail("forgot");
  await signUpWithPassword(page, email);
  await logOut(page);

  const link = await askForLink(page, email);
  await openInAnotherBrowser(browser, link);

  await page.goto(link);
  await expect(page).toHaveTitle("Choose a new password");
  await expectAccessible(page);
  await page.setViewportSize({ width: 900, height: 760 });
  await page.screenshot({ path: `${folder}/reset-password.png`, fullPage: true });
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Save the password" }).click();
  await expect(page.getByTestId("error")).toHaveText("The password is too short.");
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Save the password" }).click();
  // As after a password login: the passkey offer, then the application.
  await expectEnrollmentOffer(page);
  await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, "pwd");

  // The link is spent.
  await page.goto(link);
  await expect(page.getByTestId("error")).toHaveText("This link no longer works: it was used already or it expired. Ask for a new one.");

  // The old password no longer works; the new one does.
  await page.goto("/demo");
  await logOut(page);
  await enterPasswordLogin(page, email, PASSWORD);
  await expect(page.getByTestId("error")).toBeVisible();
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expectSignedIn(page, email, "pwd");
});

test("forgot password for an unknown email: the same page, and no mail", async ({ page }) => {
  const email = uniqueEmail("nobody");
  await openLogin(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.getByLabel("Email address").fill("not an email");
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByTestId("error")).toHaveText("Enter a valid email address.");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto("/dev/outbox");
  await expect(page.getByRole("heading", { name: "Development outbox" })).toBeVisible();
  await expect(page.getByTestId("mail-to").getByText(email, { exact: true })).toHaveCount(0);
});

test("passkey-only: no password anywhere; a lost passkey is replaced through an emailed link before the session", async ({ page, operator, authenticator }) => {
  const name = `e2e-passkeys-${randomUUID().slice(0, 8)}`;
  await operator.api("POST", "/api/v2/connections", { name, strategy: "auth0", options: { authentication_methods: { password: { enabled: false } } } }, 201);
  const email = uniqueEmail("passkey-only");
  await page.goto(`/demo/login?screen_hint=signup&connection=${name}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/signup\/passkey\?state=/);
  await expect(page.getByRole("link", { name: "Use a password instead" })).toHaveCount(0);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "phr");
  await logOut(page);

  // The phone with the passkey is gone.
  const [lost] = await authenticator.credentials();
  await authenticator.removeCredential(lost.credentialId);
  await page.goto(`/demo/login?connection=${name}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/passkey\?state=/);
  await expect(page.getByRole("link", { name: "Use a password instead" })).toHaveCount(0);
  await page.getByRole("link", { name: "Lost your passkey?" }).click();
  await expect(page).toHaveTitle("Lost your passkey?");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("a link to create a new passkey is on its way");
  const link = await linkFromOutbox(page, email, "Recover your Passkey Universal Login account");

  await page.goto(link);
  await expect(page).toHaveTitle("Create a new passkey");
  await expect(page.getByLabel("New password")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "email");
  const [replacement] = await authenticator.credentials();
  expect(replacement.credentialId).not.toBe(lost.credentialId);

  // The next login uses the new passkey.
  await logOut(page);
  await page.goto(`/demo/login?connection=${name}`);
  await expectSignedIn(page, email, "phr");
});
