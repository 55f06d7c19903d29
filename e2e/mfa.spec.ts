import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { totpCode } from "./fixtures/totp";
import { enterPasswordLogin, expectEnrollmentOffer, expectSignedIn, logOut, signUpWithPasskey, signUpWithPassword, uniqueEmail } from "./flows";

// A second factor (TOTP) after the first: required after a passkey too by default, skipped after
// a passkey when the tenant says so; set up in account settings or when the connection requires it.

/** Account settings → two-step verification → authenticator app, confirmed with a first code. */
async function setUpAuthenticatorApp(page: Page): Promise<string> {
  await page.goto("/u/account/mfa");
  await expect(page.getByRole("heading", { name: "Two-step verification", level: 2 })).toBeVisible();
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await expectAccessible(page);
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByTestId("error")).toHaveText("That code is not right. Check your authenticator app and try again.");
  await page.getByLabel("Code from the app").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByText("Two-step verification is on.")).toBeVisible();
  return secret;
}

test("MFA is required after a passkey by default; the tenant setting skips it after a passkey", async ({ page, operator }) => {
  const email = uniqueEmail("mfa-passkey");
  await signUpWithPasskey(page, email);
  const secret = await setUpAuthenticatorApp(page);
  await page.goto("/demo");
  await logOut(page);

  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/u\/mfa\?state=/);
  await expectAccessible(page);
  await page.getByLabel("Code").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("error")).toHaveText("That code is not right. Check your authenticator app and try again.");
  await page.getByLabel("Code").fill(await totpCode(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expectSignedIn(page, email, ["phr", "otp", "mfa"]);
  await logOut(page);

  await operator.setTenant({ mfa: { skip_after_passkey: true } });
  await page.getByRole("link", { name: "Log in" }).click();
  await expectSignedIn(page, email, "phr");
});

test("a connection that requires MFA has a password user set it up during login", async ({ page, operator }) => {
  const email = uniqueEmail("mfa-required");
  await signUpWithPassword(page, email);
  await logOut(page);
  await operator.setConnection({ mfa: { required: true } });
  await enterPasswordLogin(page, email);
  await expect(page).toHaveURL(/\/u\/mfa\/enroll\?state=/);
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expectAccessible(page);
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await page.getByLabel("Code from the app").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  // Then the passkey offer (no passkey yet), then the application.
  await expectEnrollmentOffer(page);
  await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, ["pwd", "otp", "mfa"]);
});

test("five wrong codes end the attempt", async ({ page, operator }) => {
  const email = uniqueEmail("mfa-locked");
  await signUpWithPassword(page, email);
  await logOut(page);
  await operator.setConnection({ mfa: { required: true } });
  await enterPasswordLogin(page, email);
  await expect(page).toHaveURL(/\/u\/mfa\/enroll\?state=/);
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await expect(page.getByTestId("error")).toHaveText(
      i < 5 ? "That code is not right. Check your authenticator app and try again." : "Too many wrong codes. Go back to the application and log in again.",
    );
  }
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await page.getByLabel("Code from the app").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByTestId("error")).toHaveText("Too many wrong codes. Go back to the application and log in again.");
});

test("lost the app: a recovery code saved at setup signs in once; account settings make new ones", async ({ page }) => {
  const email = uniqueEmail("mfa-recovery");
  await signUpWithPassword(page, email);
  await page.goto("/u/account/mfa");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  // Shown with the QR code, once.
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  const codes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await page.getByLabel("Code from the app").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("Recovery codes left: 10");
  await page.goto("/demo");
  await logOut(page);

  await enterPasswordLogin(page, email);
  await expect(page).toHaveURL(/\/u\/mfa\?state=/);
  // A way back to the first step, from the same login.
  await page.getByRole("link", { name: "Not you? Use another account" }).click();
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  await expect(page.getByRole("heading", { name: "Welcome" })).toBeVisible();
  await page.goBack();
  await page.getByRole("link", { name: "Lost your app? Use a recovery code" }).click();
  await expect(page).toHaveURL(/\/u\/mfa\/recovery\?state=/);
  await expectAccessible(page);
  await page.getByLabel("Recovery code").fill("AAAA-BBBB-CCCC-DDDD");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("error")).toHaveText("That recovery code is not right, or it was already used.");
  await page.getByLabel("Recovery code").fill(codes[0].toLowerCase());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\?state=|\/demo$/);
  if (page.url().includes("passkey-enrollment")) await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, ["pwd", "mfa"]);

  await page.goto("/u/account/mfa");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("Recovery codes left: 9");
  await page.getByRole("button", { name: "Make new recovery codes" }).click();
  await expect(page.getByRole("heading", { name: "Your new recovery codes (the old ones no longer work)" })).toBeVisible();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("Recovery codes left: 10");
});
