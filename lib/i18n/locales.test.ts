// Every language has every message of English, no other, and the same placeholders in each (a
// message missing {name} would show the user less than English does; one with an extra would
// break at render). And the language a request gets.

import assert from "node:assert/strict";
import { test } from "node:test";
import { directionOf, localeOf, MESSAGES, pickLocale, SUPPORTED_LOCALES } from "./locales";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("six languages, each with exactly English's keys and placeholders, none empty", () => {
  assert.deepEqual([...SUPPORTED_LOCALES], ["en", "fr", "de", "es", "ja", "ar"]);
  const english = leaves(MESSAGES.en);
  assert.ok(english.size > 100);
  for (const locale of SUPPORTED_LOCALES) {
    const messages = leaves(MESSAGES[locale]);
    assert.deepEqual(
      [...messages.keys()].filter((k) => !english.has(k)),
      [],
      `${locale}: keys English lacks`,
    );
    for (const [key, text] of english) {
      const translated = messages.get(key) ?? "";
      assert.ok(translated.trim(), `${locale}: ${key} is missing or empty`);
      assert.deepEqual(placeholders(translated), placeholders(text), `${locale}: ${key} has other placeholders than English`);
    }
  }
});

test("the translations are translations: most messages differ from English", () => {
  const english = leaves(MESSAGES.en);
  for (const locale of SUPPORTED_LOCALES.filter((l) => l !== "en")) {
    const messages = leaves(MESSAGES[locale]);
    const same = [...english].filter(([key, text]) => messages.get(key) === text).map(([key]) => key);
    // Brand-like words (Passkeys, Code) may stay the same; a copy of the English file would not pass.
    assert.ok(same.length < english.size / 20, `${locale}: ${same.length} messages are English: ${same.join(", ")}`);
  }
});

test("the cookie wins, then Accept-Language in order, then English; Arabic is right to left", () => {
  assert.equal(localeOf({ cookie: "a=1; NEXT_LOCALE=ja", acceptLanguage: "de" }), "ja");
  assert.equal(localeOf({ cookie: "NEXT_LOCALE=xx", acceptLanguage: "pt-BR, es;q=0.8, de;q=0.5" }), "es");
  assert.equal(localeOf({ acceptLanguage: "AR-eg" }), "ar");
  assert.equal(localeOf({}), "en");
  assert.equal(pickLocale(["zz", "fr-CA"]), "fr");
  assert.equal(pickLocale(["zz"]), undefined);
  assert.deepEqual(SUPPORTED_LOCALES.map(directionOf), ["ltr", "ltr", "ltr", "ltr", "ltr", "rtl"]);
});
