import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { enterSignupEmail, expectSignedIn, logOut, openLogin, signUpWithPasskey, uniqueEmail } from "./flows";

// The connection's passkey policy decides what the login page shows: autofill, the button, both,
// or (passkeys off) no passkey UI at all. A browser without autofill falls back to the button
// (when the policy has it) or the password.

const passkeyButton = (page: Page) => page.getByRole("button", { name: "Continue with a passkey" });
const form = (page: Page) => page.locator("form[data-autofill]");

/** Pretend to be a browser without conditional mediation (autofill), as older browsers are. */
async function withoutAutofill(page: Page) {
  await page.addInitScript(() => {
    const pkc = PublicKeyCredential as unknown as Record<string, unknown>;
    const caps = pkc.getClientCapabilities as () => Promise<Record<string, boolean>>;
    pkc.getClientCapabilities = async () => ({ ...(await caps.call(PublicKeyCredential)), conditionalGet: false });
    pkc.isConditionalMediationAvailable = () => Promise.resolve(false);
  });
}

test("challenge_ui both: autofill and the button", async ({ page, operator }) => {
  await operator.setConnection({ passkey_options: { challenge_ui: "both" } });
  await openLogin(page);
  await expect(form(page)).toHaveAttribute("data-autofill", "on");
  await expect(passkeyButton(page)).toBeVisible();
  await expect(page.getByRole("button", { name: "Try another way" })).toBeVisible();
  await expectAccessible(page);
});

test("challenge_ui autofill: no button, and autofill signs the user in", async ({ page, operator }) => {
  await operator.setConnection({ passkey_options: { challenge_ui: "autofill" } });
  await openLogin(page);
  await expect(form(page)).toHaveAttribute("data-autofill", "on");
  await expect(passkeyButton(page)).toHaveCount(0);
  await expectAccessible(page);
  const email = uniqueEmail("autofill-only");
  await signUpWithPasskey(page, email);
  await logOut(page);
  await page.getByRole("link", { name: "Log in" }).click();
  await expectSignedIn(page, email, "phr");
});

test("challenge_ui button: the button signs in, no autofill request is made", async ({ page, operator, authenticator }) => {
  const email = uniqueEmail("button-only");
  await signUpWithPasskey(page, email);
  await logOut(page);
  await operator.setConnection({ passkey_options: { challenge_ui: "button" } });
  await openLogin(page);
  await expect(form(page)).toHaveAttribute("data-autofill", "off");
  await expect(form(page)).toHaveAttribute("data-conditional", "idle");
  expect(await authenticator.credentials()).toHaveLength(1);
  await passkeyButton(page).click();
  await expectSignedIn(page, email, "phr");
});

test("passkeys off: no passkey UI at all; a user with a passkey and no password gets the password step", async ({ page, operator }) => {
  const email = uniqueEmail("off");
  await signUpWithPasskey(page, email);
  await logOut(page);
  await operator.setConnection({ authentication_methods: { passkey: { enabled: false } } });
  await openLogin(page);
  await expect(form(page)).toHaveAttribute("data-autofill", "off");
  await expect(passkeyButton(page)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Try another way" })).toHaveCount(0);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  // Signing up goes straight to the password.
  await enterSignupEmail(page, uniqueEmail("off-signup"));
  await expect(page).toHaveURL(/\/u\/signup\/password\?state=/);
});

test("a browser without autofill: the button remains with both, the password with autofill only", async ({ page, operator }) => {
  await withoutAutofill(page);
  await openLogin(page);
  await expect(form(page)).toHaveAttribute("data-autofill", "off");
  await expect(passkeyButton(page)).toBeVisible();
  await operator.setConnection({ passkey_options: { challenge_ui: "autofill" } });
  await openLogin(page);
  await expect(form(page)).toHaveAttribute("data-autofill", "off");
  await expect(passkeyButton(page)).toHaveCount(0);
  await expect(page.getByLabel("Email address")).toBeVisible();
});

test("try another way on login: a passkey prompt for another device, and it can be cancelled", async ({ page, operator, authenticator }) => {
  await operator.setConnection({ passkey_options: { challenge_ui: "button" } });
  // Record the hints the page passes to navigator.credentials.get.
  await page.addInitScript(() => {
    const get = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options?: CredentialRequestOptions) => {
      sessionStorage.setItem("hints", JSON.stringify((options?.publicKey as { hints?: string[] } | undefined)?.hints ?? []));
      return get(options);
    };
  });
  await openLogin(page);
  await page.getByRole("button", { name: "Try another way" }).click();
  await expect(page.getByText("Your passkey may be on another device")).toBeVisible();
  await expectAccessible(page);
  // No passkey anywhere: the prompt ends without one, the page says so and stays usable.
  expect(await authenticator.credentials()).toHaveLength(0);
  await page.getByRole("button", { name: "Use a phone or tablet" }).click();
  await expect(page.getByTestId("error")).toContainText("The passkey prompt was closed or timed out");
  expect(JSON.parse((await page.evaluate(() => sessionStorage.getItem("hints"))) ?? "null")).toEqual(["hybrid"]);
  await expect(page.getByLabel("Email address")).toBeEditable();
});
