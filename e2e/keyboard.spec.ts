import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/authenticator";
import { expectEnrollmentOffer, expectSignedIn, PASSWORD, uniqueEmail } from "./flows";

// The journeys with the keyboard alone: focus lands where the step needs it, Tab reaches every
// control in a sensible order, Enter and Space act. No mouse click anywhere in these tests.

/** Tab (forward) until the focused element is the one `name` labels; fails after `max` presses. */
async function tabTo(page: Page, role: "link" | "button", name: string, max = 15) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const focused = page.getByRole(role, { name, exact: true });
    if (await focused.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`${role} "${name}" not reached with Tab`);
}

/** From the demo app's "Log in" to the password step. */
async function logInToPasswordStep(page: Page, email: string) {
  await tabTo(page, "link", "Log in");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Email address")).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
}

async function logOutByKeyboard(page: Page) {
  await tabTo(page, "link", "Log out");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("signed-out")).toBeVisible();
}

test("keyboard only: password signup, the passkey offer, login, the password shown and hidden, recovery asked", async ({ page }) => {
  const email = uniqueEmail("keys");
  await page.goto("/demo");
  await tabTo(page, "link", "Sign up");
  await page.keyboard.press("Enter");
  // The email field has the focus as the page opens.
  await expect(page.getByLabel("Email address")).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/u\/signup\/passkey\?state=/);
  await tabTo(page, "link", "Use a password instead");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/u\/signup\/password\?state=/);
  await page.keyboard.type(PASSWORD);
  // The toggle comes right after the field, and tells what it does.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Show" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("type", "text");
  await expect(page.getByRole("button", { name: "Hide" })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("type", "password");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Create account" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expectSignedIn(page, email, "pwd");
  await logOutByKeyboard(page);

  await logInToPasswordStep(page, email);
  // A wrong password: the error is tied to the field that caused it.
  await page.keyboard.type("not the password");
  await page.keyboard.press("Enter");
  const field = page.getByLabel("Password", { exact: true });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const errorId = (await field.getAttribute("aria-describedby"))!;
  await expect(page.locator(`[id="${errorId}"]`)).toContainText("Wrong email or password");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expectEnrollmentOffer(page);
  await tabTo(page, "button", "Remind me later");
  await page.keyboard.press("Enter");
  await expectSignedIn(page, email, "pwd");
  await logOutByKeyboard(page);

  // Recovery, asked for from the password step.
  await logInToPasswordStep(page, email);
  await tabTo(page, "link", "Forgot password?");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/u\/reset-password\?state=/);
  await expect(page.getByLabel("Email address")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
});
