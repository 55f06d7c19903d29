import { test, expect } from "./fixtures/authenticator";
import { expectAccessible } from "./fixtures/a11y";
import { uniqueEmail } from "./flows";
import { MESSAGES, SUPPORTED_LOCALES } from "../lib/i18n/locales";

// The six languages in Chromium: each chosen by /authorize's ui_locales, with `lang` and `dir`
// set, the pages' words and errors (ours, never the browser's validation bubble) in it, and no
// accessibility violation; Arabic mirrors; the picker and Accept-Language choose too.

for (const locale of SUPPORTED_LOCALES) {
  const t = MESSAGES[locale];
  test(`${locale}: login and signup in that language, errors included`, async ({ page }) => {
    await page.goto(`/demo/login?ui_locales=${locale}`);
    await expect(page).toHaveURL(/\/u\/login\?state=/);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await expect(page.locator("html")).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
    await expect(page.getByRole("heading", { name: t.login.title })).toBeVisible();
    await expectAccessible(page);
    // An unfinished address: the browser lets it through (no bubble), our message says why.
    await page.getByLabel(t.identifier.email).fill("not-an-email@");
    await page.getByRole("button", { name: t.common.continue, exact: true }).click();
    await expect(page.getByTestId("error")).toHaveText(t.errors.invalid_email);

    await page.getByRole("link", { name: t.login.signupLink }).click();
    await expect(page.getByRole("heading", { name: t.signup.title })).toBeVisible();
    await page.getByLabel(t.identifier.email).fill(uniqueEmail(`lang-${locale}`));
    await page.getByRole("button", { name: t.common.continue, exact: true }).click();
    await page.getByRole("link", { name: t.signupPasskey.usePassword }).click();
    await expect(page.getByRole("heading", { name: t.signupPassword.title })).toBeVisible();
    // Shorter than the connection's minimum: our sentence, not the browser's (English) one.
    await page.getByLabel(t.common.password).fill("short");
    await page.getByRole("button", { name: t.signupPassword.button }).click();
    await expect(page.getByTestId("error")).toHaveText(t.errors.password_too_short);
    await expectAccessible(page);
  });
}

test("Arabic mirrors: labels and text start on the right", async ({ page }) => {
  await page.goto("/demo/login?ui_locales=ar");
  // Where the label's words are, not its box (a block as wide as the field).
  const words = await page.getByText(MESSAGES.ar.identifier.email, { exact: true }).evaluate((label) => {
    const range = document.createRange();
    range.selectNodeContents(label);
    const { left, right } = range.getBoundingClientRect();
    return { left, right };
  });
  const field = (await page.getByLabel(MESSAGES.ar.identifier.email).boundingBox())!;
  // The words start at the field's right edge (its start in a right-to-left page), far from its left.
  expect(Math.abs(words.right - (field.x + field.width))).toBeLessThan(4);
  expect(words.left - field.x).toBeGreaterThan(20);
  expect(await page.locator("main").evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
});

test("the picker changes the language and keeps it; ui_locales still wins at the next login", async ({ page }) => {
  await page.goto("/demo/login");
  await expect(page.getByRole("heading", { name: MESSAGES.en.login.title })).toBeVisible();
  const back = page.url();
  await page.getByLabel(MESSAGES.en.provider.language).selectOption("de"); // with scripts, choosing is enough
  await expect(page.getByRole("heading", { name: MESSAGES.de.login.title })).toBeVisible();
  expect(page.url()).toBe(back); // the same step of the same login
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.goto("/demo/login");
  await expect(page.getByRole("heading", { name: MESSAGES.de.login.title })).toBeVisible();
  await page.goto("/demo/login?ui_locales=ja");
  await expect(page.getByRole("heading", { name: MESSAGES.ja.login.title })).toBeVisible();
});

test.describe("without a choice, the browser's languages", () => {
  test.use({ locale: "es-ES" });
  test("Accept-Language: es-ES gets Spanish", async ({ page }) => {
    await page.goto("/demo/login");
    await expect(page.getByRole("heading", { name: MESSAGES.es.login.title })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });
});

test.describe("with scripts off", () => {
  test.use({ javaScriptEnabled: false });
  test("the picker is a plain form: it still changes the language", async ({ page }) => {
    await page.goto("/demo/login");
    await page.getByLabel(MESSAGES.en.provider.language).selectOption("fr");
    await page.getByRole("button", { name: MESSAGES.en.provider.change }).click();
    await expect(page.getByRole("heading", { name: MESSAGES.fr.login.title })).toBeVisible();
  });
});

test("the picker's target goes back to our own pages only, and takes only our languages", async ({ request }) => {
  const base = process.env.E2E_BASE_URL!;
  for (const back of ["//evil.example/u/login", "https://evil.example/u/login", "/\\evil.example", "/api/v2/users", ""]) {
    const answer = await request.get(`/u/language?locale=de&return=${encodeURIComponent(back)}`, { maxRedirects: 0 });
    expect(answer.status(), back).toBe(303);
    expect(answer.headers().location, back).toBe(`${base}/u/account`);
  }
  const kept = await request.get(`/u/language?locale=ja&return=${encodeURIComponent("/u/login?state=abc")}`, { maxRedirects: 0 });
  expect(kept.headers().location).toBe(`${base}/u/login?state=abc`);
  expect(kept.headers()["set-cookie"]).toMatch(/^NEXT_LOCALE=ja; Path=\/; .*HttpOnly; SameSite=lax/i);
  const unknown = await request.get("/u/language?locale=xx&return=/u/login", { maxRedirects: 0 });
  expect(unknown.headers()["set-cookie"]).toBeUndefined();
});
