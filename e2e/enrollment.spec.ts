import { test, expect, VirtualAuthenticator } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { enterPasswordLogin, expectEnrollmentOffer, expectSignedIn, logInWithPhone, logOut, signUpOnPhone, signUpWithPassword, uniqueEmail } from "./flows";

// Progressive enrollment (a passkey offered after a password login) and local enrollment (after
// a passkey from another device), with their snoozes; the silent upgrade (conditional create).

test("progressive enrollment: create a passkey, back to the app, and the next login uses it", async ({ page, authenticator }) => {
  const email = uniqueEmail("progressive");
  await signUpWithPassword(page, email);
  await logOut(page);
  await enterPasswordLogin(page, email);
  await expectEnrollmentOffer(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "pwd");
  expect(await authenticator.credentials()).toHaveLength(1);
  await logOut(page);
  // Autofill finds the new passkey on the login page.
  await page.getByRole("link", { name: "Log in" }).click();
  await expectSignedIn(page, email, "phr");
});

test("remind me later: no offer within 30 days, the offer again after (server clock moved)", async ({ page, operator }) => {
  const email = uniqueEmail("later");
  await signUpWithPassword(page, email);
  await logOut(page);
  await enterPasswordLogin(page, email);
  await expectEnrollmentOffer(page);
  await page.getByRole("button", { name: "Remind me later" }).click();
  await expectSignedIn(page, email, "pwd");
  await logOut(page);

  await operator.moveClock(29);
  await enterPasswordLogin(page, email);
  await expectSignedIn(page, email, "pwd");
  await logOut(page);

  await operator.moveClock(31);
  await enterPasswordLogin(page, email);
  await expectEnrollmentOffer(page);
});

test("don't ask again: no offer, even months later", async ({ page, operator }) => {
  const email = uniqueEmail("never");
  await signUpWithPassword(page, email);
  await logOut(page);
  await enterPasswordLogin(page, email);
  await expectEnrollmentOffer(page);
  await page.getByRole("button", { name: "Don't ask again" }).click();
  await expectSignedIn(page, email, "pwd");
  await logOut(page);
  await operator.moveClock(120);
  await enterPasswordLogin(page, email);
  await expectSignedIn(page, email, "pwd");
});

test("cancelling the offer's passkey prompt keeps the offer, with a message", async ({ page, authenticator }) => {
  const email = uniqueEmail("cancel-offer");
  await signUpWithPassword(page, email);
  await logOut(page);
  await enterPasswordLogin(page, email);
  await expectEnrollmentOffer(page);
  await authenticator.setUserVerified(false);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page.getByTestId("error")).toContainText("The passkey prompt was closed or timed out");
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\?state=/);
  await authenticator.setUserVerified(true);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "pwd");
});

test("no offer where there is no platform authenticator (only a security key)", async ({ page, authenticator }) => {
  const email = uniqueEmail("no-platform");
  await signUpWithPassword(page, email);
  await logOut(page);
  await authenticator.detach();
  await VirtualAuthenticator.attach(page, { transport: "usb" });
  await enterPasswordLogin(page, email);
  await expectSignedIn(page, email, "pwd");
});

test("progressive enrollment switched off on the connection: no offer", async ({ page, operator }) => {
  const email = uniqueEmail("off");
  await signUpWithPassword(page, email);
  await logOut(page);
  await operator.setConnection({ passkey_options: { progressive_enrollment_enabled: false } });
  await enterPasswordLogin(page, email);
  await expectSignedIn(page, email, "pwd");
});

test("the silent upgrade (conditional create) is tried first and never blocks the offer", async ({ page }) => {
  // Record what the pages ask of navigator.credentials.create (a spy around the real method),
  // in sessionStorage so the record survives the navigations.
  await page.addInitScript(() => {
    const create = navigator.credentials.create.bind(navigator.credentials);
    navigator.credentials.create = (options?: CredentialCreationOptions) => {
      const seen = JSON.parse(sessionStorage.getItem("creates") ?? "[]") as string[];
      sessionStorage.setItem("creates", JSON.stringify([...seen, (options as { mediation?: string } | undefined)?.mediation ?? "modal"]));
      return create(options);
    };
  });
  const creates = () => page.evaluate(() => JSON.parse(sessionStorage.getItem("creates") ?? "[]") as string[]);
  const email = uniqueEmail("conditional");
  await signUpWithPassword(page, email);
  await logOut(page);
  await enterPasswordLogin(page, email);
  await expectEnrollmentOffer(page);
  await expect.poll(creates).toEqual(["conditional"]);
  // Chromium's virtual authenticator does not answer conditional create (it needs a password
  // manager that just filled the password), so the request stays pending; the offer still works.
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "pwd");
  expect(await creates()).toEqual(["conditional", "modal"]);
});

test("local enrollment after a cross-device login: offered, created on this device", async ({ page, authenticator, operator }) => {
  await operator.setConnection({ passkey_options: { challenge_ui: "button" } });
  const email = uniqueEmail("local");
  const phone = await signUpOnPhone(page, email);
  await logOut(page);

  await logInWithPhone(page);
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\/local\?state=/);
  await expect(page.getByRole("heading", { name: "Save a passkey on this device?" })).toBeVisible();
  await expect(page.locator("[data-ready=yes]")).toBeAttached();
  await expectAccessible(page);
  // The phone is gone; this device's own authenticator makes the new passkey (once the person
  // gets past a first cancelled prompt).
  await phone.detach();
  await authenticator.setUserVerified(false);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page.getByTestId("error")).toContainText("The passkey prompt was closed or timed out");
  await authenticator.setUserVerified(true);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "phr");
  expect(await authenticator.credentials()).toHaveLength(1);
});

test("local enrollment: not now holds for 30 days in this browser (cookie), then asks again", async ({ page, operator }) => {
  await operator.setConnection({ passkey_options: { challenge_ui: "button" } });
  const email = uniqueEmail("local-skip");
  await signUpOnPhone(page, email);
  await logOut(page);
  await logInWithPhone(page);
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\/local\?state=/);
  await page.getByRole("button", { name: "Not now" }).click();
  await expectSignedIn(page, email, "phr");
  const cookie = (await page.context().cookies()).find((c) => c.name === "passkey_local_snooze");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  await logOut(page);

  await logInWithPhone(page);
  await expectSignedIn(page, email, "phr");
  await logOut(page);

  await operator.moveClock(31);
  await logInWithPhone(page);
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\/local\?state=/);
});
