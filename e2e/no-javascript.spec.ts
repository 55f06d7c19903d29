import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/authenticator";
import { newestMail } from "./fixtures/outbox";
import { expectSignedIn, PASSWORD, uniqueEmail } from "./flows";

// With scripts off, the password journeys still work as plain HTML forms (each step posts to its
// server action and is redirected: app/u/form-result.ts); passkey controls never appear.

test.use({ javaScriptEnabled: false });

/** The provider's sign-out page submits itself with a script; without one, the user presses its button. */
async function logOutWithoutScripts(page: Page) {
  await page.getByRole("link", { name: "Log out" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("signed-out")).toBeVisible();
}

test("no JavaScript: password signup, login with a wrong then right password, the offer declined, recovery", async ({ page }) => {
  const email = uniqueEmail("nojs");
  await page.goto("/demo");
  await page.getByRole("link", { name: "Sign up" }).click();
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/signup\/passkey\?state=/);
  await expect(page.getByRole("button", { name: "Create a passkey" })).toHaveCount(0);
  await page.getByRole("link", { name: "Use a password instead" }).click();
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("error")).toHaveText("The password is too short.");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectSignedIn(page, email, "pwd");
  await logOutWithoutScripts(page);

  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page.getByRole("button", { name: "Continue with a passkey" })).toHaveCount(0);
  await page.getByLabel("Email address").fill("not an email");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.getByTestId("error")).toHaveText("Enter a valid email address.");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("error")).toHaveText("Wrong email or password.");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  // The passkey offer: no passkey without scripts, but "Remind me later" works.
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\?state=/);
  await expect(page.getByRole("button", { name: "Create a passkey" })).toHaveCount(0);
  await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, "pwd");
  await logOutWithoutScripts(page);

  await page.getByRole("link", { name: "Log in" }).click();
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const { link } = await newestMail(page, email, "Reset your Passkey Universal Login password");
  await page.goto(link ?? "");
  await page.getByLabel("New password").fill("a new passphrase without scripts");
  await page.getByRole("button", { name: "Save the password" }).click();
  await expectSignedIn(page, email, "pwd");
});
