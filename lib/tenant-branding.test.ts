// Branding colours: the WCAG contrast ratio, and the refusal that names it.

import assert from "node:assert/strict";
import { test } from "node:test";
import { brandingSchema, contrastRatio } from "./tenant-branding";

test("contrast ratios as WCAG 2 computes them", () => {
  const cases: [string, string, number][] = [
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#777777", "#ffffff", 4.48],
    ["#767676", "#ffffff", 4.54],
    ["#0a7d55", "#ffffff", 5.15],
    ["#ffcc00", "#ffffff", 1.51],
  ];
  for (const [a, b, ratio] of cases) {
    assert.equal(Math.round(contrastRatio(a, b) * 100) / 100, ratio, `${a} on ${b}`);
    assert.equal(contrastRatio(a, b), contrastRatio(b, a), "symmetric");
  }
});

test("a primary colour white labels cannot be read on is refused, with its ratio", () => {
  for (const [colour, ratio] of [
    ["#ffcc00", "1.51"],
    ["#777777", "4.47"],
  ]) {
    const parsed = brandingSchema.safeParse({ colors: { primary: colour } });
    assert.ok(!parsed.success, colour);
    assert.equal(parsed.error.issues[0].message, `contrast ${ratio}:1 with the white button text; WCAG AA needs at least 4.5:1`);
    assert.deepEqual(parsed.error.issues[0].path, ["colors", "primary"]);
  }
  for (const colour of ["#767676", "#0a7d55", "#18181b", null])
    assert.equal(brandingSchema.safeParse({ colors: { primary: colour } }).success, true, String(colour));
  // The background frames the card and carries no text: any colour.
  assert.equal(brandingSchema.safeParse({ colors: { page_background: "#ffcc00" }, favicon_url: "https://cdn.example.test/icon.png" }).success, true);
  for (const bad of [{ favicon_url: "http://cdn.example.test/icon.png" }, { colors: { page_background: "yellow" } }, { colors: { accent: "#000000" } }]) {
    assert.equal(brandingSchema.safeParse(bad).success, false, JSON.stringify(bad));
  }
});
