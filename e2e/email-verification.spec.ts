import { randomUUID } from "node:crypto";
import { test, expect } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { newestMail } from "./fixtures/outbox";
import { expectSignedIn, logOut, signUpWithPassword, uniqueEmail } from "./flows";

// Email verification as a user meets it, with the quick start's outbox (no SMTP server): a code
// before the first session where the connection asks for it, a link after any other signup.

test("a connection that verifies first: the signup waits for the mailed code, then the app gets email_verified", async ({ page, operator }) => {
  const name = `e2e-verify-${randomUUID().slice(0, 8)}`;
  await operator.api(
    "POST",
    "/api/v2/connections",
    {
      name,
      strategy: "auth0",
      options: { attributes: { email: { identifier: { active: true }, signup: { status: "required", verification: { active: true } } } } },
    },
    201,
  );
  const email = uniqueEmail("verify-first");
  await page.goto(`/demo/login?screen_hint=signup&connection=${name}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/signup\/passkey\?state=/);
  await page.getByRole("button", { name: "Create a passkey" }).click();

  await expect(page).toHaveURL(/\/u\/email-verification\?state=/);
  await expect(page).toHaveTitle("Check your email");
  await expect(page.getByText(`We sent a 6-digit code to ${email}.`)).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Code from the email").fill("12");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("error").first()).toHaveText("That code is not right. Check the latest email and try again.");
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByText("A new code is on its way.")).toBeVisible();
  const mail = await newestMail(page, email);
  expect(mail.subject).toBe("Your Passkey Universal Login code");
  const code = /\b\d{6}\b/.exec(mail.text)![0];
  await page.getByLabel("Code from the email").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
  const claims = await expectSignedIn(page, email, "phr");
  expect(claims.email_verified).toBe(true);
});

test("any other signup: straight to the app, and a mailed link confirms the address", async ({ page }) => {
  const email = uniqueEmail("verify-link");
  await signUpWithPassword(page, email);
  expect((await expectSignedIn(page, email, "pwd")).email_verified).toBe(false);
  const mail = await newestMail(page, email);
  expect(mail.subject).toBe("Confirm your email address for Passkey Universal Login");
  await page.goto(mail.link!);
  await expect(page).toHaveTitle("Confirm your email address");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("status")).toHaveText("Your email address is confirmed. You can close this page.");
  await page.goto(mail.link!);
  await expect(page.getByTestId("error")).toHaveText("This link no longer works: it was used already or it expired. Ask for a new one.");
  await page.goto("/demo");
  await logOut(page);
});
