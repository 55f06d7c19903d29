import { test, expect } from "./fixtures/authenticator";
import { enterSignupEmail, logOut, openLogin, signUpWithPasskey, uniqueEmail } from "./flows";

// The README's pictures of the pages, taken from the running product. Every run saves them in
// test-results/screenshots; `UPDATE_SCREENSHOTS=1 npm test` refreshes the README's copies.
const folder = process.env.UPDATE_SCREENSHOTS ? "docs/screenshots" : "test-results/screenshots";
const shot = (name: string) => ({ path: `${folder}/${name}.png`, fullPage: true });

test("screenshots of the hosted pages", async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 760 });
  await openLogin(page);
  await expect(page.getByRole("button", { name: "Continue with a passkey" })).toBeVisible();
  await page.screenshot(shot("login"));

  await enterSignupEmail(page, "ada@example.com");
  await expect(page.getByRole("button", { name: "Create a passkey" })).toBeVisible();
  await page.screenshot(shot("signup-passkey"));

  const email = uniqueEmail("shots");
  await signUpWithPasskey(page, email);
  await page.screenshot(shot("demo-signed-in"));
  await logOut(page);

  await page.goto("/demo/login?ui_locales=fr");
  await expect(page.getByRole("heading", { name: "Bienvenue" })).toBeVisible();
  await page.screenshot(shot("login-fr"));
});
