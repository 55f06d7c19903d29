import type { Page } from "@playwright/test";
import { test, expect, toBase64Url, VirtualAuthenticator } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { logOut, signUpWithPasskey, uniqueEmail } from "./flows";

// Passkey management in account settings: the list (provider, dates, synced), rename, delete
// (never the last way in), add (never beyond 20), and the Signal API calls that keep the
// browser's passkey list in step.

/** Record the Signal API calls the page makes (a spy around the real methods), across navigations. */
async function recordSignals(page: Page) {
  await page.addInitScript(() => {
    for (const name of ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"]) {
      // Not every browser has every Signal API method.
      const pkc = PublicKeyCredential as unknown as Record<string, ((o: unknown) => Promise<void>) | undefined>;
      const real = pkc[name]?.bind(PublicKeyCredential);
      pkc[name] = async (options: unknown) => {
        const seen = JSON.parse(sessionStorage.getItem("signals") ?? "[]") as unknown[];
        sessionStorage.setItem("signals", JSON.stringify([...seen, [name, options]]));
        return real?.(options);
      };
    }
  });
  return async () => JSON.parse((await page.evaluate(() => sessionStorage.getItem("signals"))) ?? "[]") as [string, Record<string, unknown>][];
}

const rows = (page: Page) => page.getByTestId("passkey");

/** A fresh "device": the current authenticator goes, a new platform one takes its place. */
async function newDevice(page: Page, current: VirtualAuthenticator) {
  await current.detach();
  return VirtualAuthenticator.attach(page);
}

test("list, rename, add, delete; the last passkey cannot be deleted; the browser is told", async ({ page, authenticator }) => {
  const signals = await recordSignals(page);
  const email = uniqueEmail("account");
  await signUpWithPasskey(page, email);
  await page.goto("/u/account/passkeys");
  await expect(page.getByRole("heading", { name: "Passkeys", level: 2 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
  // Chromium's virtual authenticator makes device-bound passkeys (not backed up).
  await expect(rows(page)).toContainText("This device only");
  await expect(rows(page)).toContainText("Created");
  await expectAccessible(page);
  // The only way in: deleting it is not offered.
  await expect(page.getByRole("button", { name: /^Delete/ })).toBeDisabled();

  await page.getByRole("button", { name: /^Rename/ }).click();
  await page.getByLabel("New name").fill("  ");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("error")).toHaveText("Enter a name of 1 to 64 characters.");
  await page.getByLabel("New name").fill("Work laptop");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Passkey renamed.")).toBeVisible();
  await expect(page.getByTestId("passkey-name")).toHaveText("Work laptop");

  // A password manager's "create a passkey" link (/.well-known/passkey-endpoints) lands on this button.
  const { enroll } = (await (await page.request.get("/.well-known/passkey-endpoints")).json()) as { enroll: string };
  await page.goto(enroll);
  await expect(page.locator(new URL(enroll).hash)).toHaveText("Add a passkey");

  // The same authenticator again: it already holds a passkey for this account.
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("error")).toHaveText("This passkey is already registered.");
  const [first] = await authenticator.credentials();
  const second = await newDevice(page, authenticator);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  expect(await second.credentials()).toHaveLength(1);

  // Delete the first one (cancel once, then confirm).
  const firstRow = rows(page).filter({ hasText: "Work laptop" });
  await firstRow.getByRole("button", { name: /^Delete/ }).click();
  await firstRow.getByRole("button", { name: "Cancel" }).click();
  await firstRow.getByRole("button", { name: /^Delete/ }).click();
  await firstRow.getByRole("button", { name: "Delete passkey" }).click();
  await expect(page.getByText("Passkey deleted.")).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Delete/ })).toBeDisabled();

  const firstId = toBase64Url(first.credentialId);
  const secondId = toBase64Url((await second.credentials())[0].credentialId);
  const calls = await signals();
  expect(calls).toContainEqual(["signalUnknownCredential", { rpId: "localhost", credentialId: firstId }]);
  const lastAccepted = calls.filter(([name]) => name === "signalAllAcceptedCredentials").at(-1)![1];
  expect(lastAccepted.allAcceptedCredentialIds).toEqual([secondId]);
  expect(calls.some(([name, o]) => name === "signalCurrentUserDetails" && o.name === email)).toBe(true);
});

test("cancelling the add prompt says so and adds nothing", async ({ page, authenticator }) => {
  await signUpWithPasskey(page, uniqueEmail("account-cancel"));
  await page.goto("/u/account/passkeys");
  const device = await newDevice(page, authenticator);
  await device.setUserVerified(false);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("error")).toContainText("The passkey prompt was closed or timed out");
  await expect(rows(page)).toHaveCount(1);
});

test("the 21st passkey is refused with a clear message", async ({ page, authenticator }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("limit");
  await signUpWithPasskey(page, email);
  await page.goto("/u/account/passkeys");
  let device = authenticator;
  for (let count = 2; count <= 20; count++) {
    device = await newDevice(page, device);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(rows(page)).toHaveCount(count);
  }
  await expect(page.getByText("You have reached the limit of 20 passkeys. Delete one before adding another.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add a passkey" })).toBeDisabled();
});

test("account settings need a signed-in user; signing out ends the session", async ({ page }) => {
  await page.goto("/u/account/passkeys");
  // Not signed in: the hosted login, for the account settings application.
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  await expect(page.getByText("Log in to continue to Account settings.")).toBeVisible();
  const email = uniqueEmail("account-login");
  await page.goto("/demo");
  await signUpWithPasskey(page, email);
  await page.goto("/u/account/passkeys");
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("Sign in to manage your passkeys and two-step verification.")).toBeVisible();
  await expectAccessible(page);
});

test("logging out of the app after signing out of account settings ends on the app's page", async ({ page }) => {
  const email = uniqueEmail("logout");
  await signUpWithPasskey(page, email); // signed in at the demo app
  await page.goto("/u/account/passkeys");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("Sign in to manage your passkeys and two-step verification.")).toBeVisible();
  // The provider's session is gone; the app still holds its own: its log out must still end on its page.
  await page.goto("/demo");
  await logOut(page);
});
