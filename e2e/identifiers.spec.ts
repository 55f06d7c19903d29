import { randomUUID } from "node:crypto";
import { test, expect } from "./fixtures/authenticator";
import { logOut, PASSWORD } from "./flows";

// Flexible identifiers in the browser: a connection (made through the Management API) that asks
// an email and a username at signup and takes either at login. The fields carry the keyboard and
// autofill hints for what they take, and the username logs in whatever its case.

const USERNAMES = {
  attributes: {
    email: { identifier: { active: true }, signup: { status: "required" } },
    username: { identifier: { active: true }, signup: { status: "required" }, validation: { min_length: 3, max_length: 20 } },
  },
  passkey_options: { progressive_enrollment_enabled: false },
};

test("signup asks email and username; login takes the username in one field that fits both", async ({ page, operator }) => {
  const name = `e2e-ids-${randomUUID().slice(0, 8)}`;
  await operator.api("POST", "/api/v2/connections", { name, strategy: "auth0", options: USERNAMES }, 201);
  const username = `Ada_${randomUUID().slice(0, 6)}`;
  const email = `${username.toLowerCase()}@example.com`;

  await page.goto(`/demo/login?screen_hint=signup&connection=${name}`);
  const emailField = page.getByLabel("Email address");
  const usernameField = page.getByLabel("Username", { exact: true });
  await expect(emailField).toHaveAttribute("autocomplete", "email");
  await expect(usernameField).toHaveAttribute("autocomplete", "username");
  await expect(usernameField).toHaveAttribute("autocapitalize", "none");
  await expect(usernameField).toHaveAttribute("maxlength", "20");
  await emailField.fill(email);
  await usernameField.fill("no spaces");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.getByTestId("error")).toContainText("Enter a valid username");
  await usernameField.fill(username);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("link", { name: "Use a password instead" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  const claims = JSON.parse((await page.getByTestId("claims").textContent()) ?? "{}") as Record<string, unknown>;
  expect(claims.preferred_username).toBe(username.toLowerCase());
  await logOut(page);

  await page.goto(`/demo/login?connection=${name}`);
  const field = page.getByLabel("Email or username");
  await expect(field).toHaveAttribute("type", "text");
  await expect(field).toHaveAttribute("inputmode", "email");
  await expect(field).toHaveAttribute("autocomplete", "username webauthn");
  await field.fill(username.toUpperCase());
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  await expect(page.getByText(`Log in as ${username.toLowerCase()}.`)).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
});

test("the default connection stays email only: an email field, as before", async ({ page }) => {
  await page.goto("/demo/login");
  const field = page.getByLabel("Email address");
  await expect(field).toHaveAttribute("type", "email");
  await expect(field).toHaveAttribute("inputmode", "email");
  await expect(field).toHaveAttribute("autocomplete", "username webauthn");
  await page.getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("textbox")).toHaveCount(1); // no username or phone field at signup
});
