import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/authenticator";
import type { Operator } from "./fixtures/operator";
import { expectSignedIn, logOut, openLogin, openSignup, PASSWORD, uniqueEmail } from "./flows";

// Custom domains in Chromium, on two host names of loopback (Chromium resolves *.localhost there
// and treats it as secure): each domain is its own issuer with its own RP ID, and a passkey
// belongs to the domain it was made on. Elsewhere the user signs in with the password, is told
// where the passkey works, and cannot add a second one.

const port = new URL(process.env.E2E_BASE_URL!).port;
const LOGIN = `http://login.localhost:${port}`;
const BRAND = `http://login.brand.localhost:${port}`;

async function ensureDomains(operator: Operator, ...names: string[]) {
  const existing = (await operator.api("GET", "/api/v2/custom-domains")) as { domain: string }[];
  for (const domain of names.filter((d) => !existing.some((e) => e.domain === d))) {
    await operator.api("POST", "/api/v2/custom-domains", { domain, type: "self_managed_certs" }, 201);
  }
}

async function enterIdentifier(page: Page, email: string) {
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

test("a passkey made on one domain signs in there; on the other, the page says where it works", async ({ page, operator }) => {
  await ensureDomains(operator, "login.localhost", "login.brand.localhost");
  const email = uniqueEmail("domains");
  await openSignup(page, BRAND);
  await expect(page).toHaveURL(new RegExp(`^${BRAND}/u/signup\\?state=`));
  await enterIdentifier(page, email);
  await page.getByRole("button", { name: "Create a passkey" }).click();
  const claims = await expectSignedIn(page, email, "phr");
  expect(claims.iss).toBe(`${BRAND}/`);
  await logOut(page);

  // The other domain: no passkey for its RP ID, so the password step, naming the passkey's domain.
  await openLogin(page, LOGIN);
  await expect(page.locator("form[data-conditional=done]")).toBeAttached(); // autofill found nothing here
  await enterIdentifier(page, email);
  await expect(page).toHaveURL(new RegExp(`^${LOGIN}/u/login/password\\?state=`));
  await expect(page.getByTestId("passkey-elsewhere")).toHaveText(
    "Your passkey works on login.brand.localhost. Sign in there with it, or enter your password here.",
  );

  // Back on its own domain, autofill signs in with it.
  await openLogin(page, BRAND);
  await expectSignedIn(page, email, "phr");
});

test("a password user whose passkey is on one domain is not offered, and cannot add, a second one on the other", async ({ page, operator, authenticator }) => {
  await ensureDomains(operator, "login.localhost", "login.brand.localhost");
  const email = uniqueEmail("domains-pw");
  await openSignup(page, BRAND);
  await enterIdentifier(page, email);
  await page.getByRole("link", { name: "Use a password instead" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectSignedIn(page, email, "pwd");
  await page.goto(`${BRAND}/u/account/passkeys`);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
  expect((await authenticator.credentials()).map((c) => c.rpId)).toEqual(["login.brand.localhost"]);

  // The other domain: the password signs in, and no enrollment offer comes after it.
  await page.goto(`${LOGIN}/u/account/passkeys`);
  await expect(page).toHaveURL(new RegExp(`^${LOGIN}/u/login\\?state=`));
  await enterIdentifier(page, email);
  await expect(page.getByTestId("passkey-elsewhere")).toContainText("login.brand.localhost");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(`${LOGIN}/u/account/passkeys`);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("error")).toHaveText("Your passkeys belong to another of our sign-in addresses: add passkeys there.");
  expect(await authenticator.credentials()).toHaveLength(1);
});

test("a host that is not one of the tenant's is refused", async ({ page }) => {
  const answer = await page.goto(`http://nobody.localhost:${port}/demo`);
  expect(answer?.status()).toBe(421);
  expect(await answer?.json()).toEqual({ error: "misdirected_request", error_description: "This service does not answer on this host" });
});
