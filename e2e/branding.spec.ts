import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { openLogin, openSignup, signUpWithPasskey, uniqueEmail } from "./flows";

// The tenant's look on the pages: light and dark schemes (the browser's prefers-color-scheme),
// both checked with axe, and an application's own branding over the tenant's.

const folder = process.env.UPDATE_SCREENSHOTS ? "docs/screenshots" : "test-results/screenshots";

const background = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);

test("dark scheme: every step of login, signup and recovery is designed dark and passes axe", async ({ page }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 900, height: 760 });
  await openLogin(page);
  expect(await background(page, "main")).toBe("rgb(9, 9, 11)");
  expect(await background(page, "main > div")).toBe("rgb(24, 24, 27)");
  await expectAccessible(page);
  await page.screenshot({ path: `${folder}/login-dark.png`, fullPage: true });
  await page.getByLabel("Email address").fill(uniqueEmail("dark"));
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/u\/login\/password\?state=/);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("error")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expectAccessible(page);
  await openSignup(page);
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(uniqueEmail("dark"));
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.getByRole("button", { name: "Create a passkey" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/u/account");
  await expectAccessible(page);
  // The light scheme is the other design, not the same page.
  await page.emulateMedia({ colorScheme: "light" });
  await openLogin(page);
  expect(await background(page, "main > div")).toBe("rgb(255, 255, 255)");
});

test("an application's branding over the tenant's: its colour, background and logo on its login; others keep the tenant's", async ({ page, operator }) => {
  const port = new URL(process.env.E2E_BASE_URL!).port;
  const logo = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="96" height="28"><rect width="96" height="28" rx="6" fill="#1d4ed8"/><text x="48" y="19" font-family="sans-serif" font-size="14" font-weight="700" fill="#fff" text-anchor="middle">ACME</text></svg>')}`;
  // An https logo is required; the pages load it from there (here a host nobody answers, so the check is the attribute).
  const created = (await operator.api(
    "POST",
    "/api/v2/clients",
    {
      name: "Acme Travel",
      app_type: "spa",
      callbacks: [`http://localhost:${port}/branded/cb`],
      branding: { logo_url: "https://cdn.example.test/branded.svg", colors: { primary: "#1d4ed8", page_background: "#dbeafe" } },
    },
    201,
  )) as { client_id: string };
  const refused = (await operator.api("PATCH", `/api/v2/clients/${created.client_id}`, { branding: { colors: { primary: "#93c5fd" } } }, 400)) as {
    message: string;
  };
  expect(refused.message).toMatch(/colors\.primary: contrast 1\.80:1 with the white button text; WCAG AA needs at least 4\.5:1/);

  await page.setViewportSize({ width: 900, height: 760 });
  const challenge = randomBytes(32).toString("base64url");
  await page.goto(
    `/authorize?client_id=${created.client_id}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`http://localhost:${port}/branded/cb`)}&state=s&nonce=n&code_challenge=${challenge}&code_challenge_method=S256`,
  );
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  expect(await background(page, "main")).toBe("rgb(219, 234, 254)");
  expect(await background(page, "button[type=submit]")).toBe("rgb(29, 78, 216)");
  await expect(page.getByTestId("brand-logo")).toHaveAttribute("src", "https://cdn.example.test/branded.svg");
  await expectAccessible(page);
  // Offline here, the logo cannot load: the screenshot shows it drawn in place.
  await page.getByTestId("brand-logo").evaluate((img, src) => ((img as HTMLImageElement).src = src), logo);
  await page.screenshot({ path: `${folder}/login-branded.png`, fullPage: true });

  // The demo application has no branding of its own: the tenant's default look (and its favicon, once it sets one).
  await operator.setTenant({ branding: { favicon_url: "https://cdn.example.test/favicon.png" } });
  try {
    await openLogin(page);
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", "https://cdn.example.test/favicon.png");
  } finally {
    await operator.setTenant({ branding: {} });
  }
  await openLogin(page);
  expect(await background(page, "main")).not.toBe("rgb(219, 234, 254)"); // Tailwind's zinc-100, which Chromium reports in lab()
  expect(await background(page, "button[type=submit]")).toBe("rgb(24, 24, 27)");
  await expect(page.getByTestId("brand-logo")).toHaveCount(0);
});

test("account settings wear the brand's header and link back to the application that sent the user", async ({ page }) => {
  await signUpWithPasskey(page, uniqueEmail("back"));
  await page.goto("/u/account?client_id=demo");
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/u\/account\/passkeys$/);
  await expect(page.getByText("Passkey Universal Login", { exact: true })).toBeVisible();
  const back = page.getByTestId("back-to-app");
  await expect(back).toHaveText("Back to Demo application");
  await expect(back).toHaveAttribute("href", `${new URL(process.env.E2E_BASE_URL!).origin}/`);
  await expectAccessible(page);
  // Signed in already: the application's link goes straight to the settings, and a client nobody registered names nothing.
  await page.goto("/u/account?client_id=nobody");
  await expect(page).toHaveURL(/\/u\/account\/passkeys$/);
  await expect(page.getByTestId("back-to-app")).toHaveText("Back to Demo application");
});
