import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { VirtualAuthenticator } from "./fixtures/authenticator";

// The journeys every spec starts from, driven as a person would, through the demo application.

export const uniqueEmail = (label = "user") => `${label}-${randomUUID().slice(0, 8)}@example.com`;
export const PASSWORD = "correct horse battery staple";

/** `at`: another of the tenant's origins (a custom domain) instead of the issuer's. */
export async function openSignup(page: Page, at = "") {
  await page.goto(`${at}/demo`);
  await page.getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/u\/signup\?state=/);
}

export async function openLogin(page: Page, at = "") {
  await page.goto(`${at}/demo`);
  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/u\/login\?state=/);
}

export async function enterSignupEmail(page: Page, email: string) {
  await openSignup(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

export async function signUpWithPasskey(page: Page, email: string) {
  await enterSignupEmail(page, email);
  await expect(page).toHaveURL(/\/u\/signup\/passkey\?state=/);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expectSignedIn(page, email, "phr");
}

export async function signUpWithPassword(page: Page, email: string, password = PASSWORD) {
  await enterSignupEmail(page, email);
  await page.getByRole("link", { name: "Use a password instead" }).click();
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectSignedIn(page, email, "pwd");
}

/** Back at the demo app, signed in as `email`, with an ID token whose amr is exactly `amr`. */
export async function expectSignedIn(page: Page, email: string, amr: string | string[]) {
  const methods = typeof amr === "string" ? [amr] : amr;
  await expect(page).toHaveURL(/\/demo$/);
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await expect(page.getByTestId("amr")).toHaveText(methods.join(", "));
  const claims = JSON.parse((await page.getByTestId("claims").textContent()) ?? "{}") as Record<string, unknown>;
  expect(claims.email).toBe(email);
  expect(claims.amr).toEqual(methods);
  expect(claims.iss).toBe(`${new URL(page.url()).origin}/`); // with a trailing slash, as Auth0 issues it
  expect(claims.aud).toBe("demo");
  return claims;
}

export async function logOut(page: Page) {
  await page.getByRole("link", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/demo$/);
  await expect(page.getByTestId("signed-out")).toBeVisible();
}

/** Email, then password, from the demo app's "Log in"; stops at whatever page comes next. */
export async function enterPasswordLogin(page: Page, email: string, password = PASSWORD) {
  await openLogin(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/(password|passkey)\?state=/);
  if (page.url().includes("/u/login/passkey")) await page.getByRole("link", { name: "Use a password instead" }).click();
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** The progressive enrollment interstitial, ready for a choice. */
export async function expectEnrollmentOffer(page: Page) {
  await expect(page).toHaveURL(/\/u\/passkey-enrollment\?state=/);
  await expect(page.getByRole("heading", { name: "Log in faster next time" })).toBeVisible();
  await expect(page.locator("[data-ready=yes]")).toBeAttached();
}

/** Signup whose passkey is made on a phone (a hybrid "cable" authenticator) via "Try another way". */
export async function signUpOnPhone(page: Page, email: string) {
  const phone = await VirtualAuthenticator.attach(page, { transport: "cable" });
  await enterSignupEmail(page, email);
  await page.getByRole("button", { name: "Try another way" }).click();
  await page.getByRole("button", { name: "Create it on a phone or tablet" }).click();
  await expectSignedIn(page, email, "phr");
  expect(await phone.credentials()).toHaveLength(1);
  return phone;
}

/** "Log in", then "Try another way" → a phone or tablet; stops at whatever page comes next. */
export async function logInWithPhone(page: Page) {
  await openLogin(page);
  await page.getByRole("button", { name: "Try another way" }).click();
  await page.getByRole("button", { name: "Use a phone or tablet" }).click();
}
