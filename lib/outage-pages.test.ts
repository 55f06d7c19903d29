// lib/outage-pages.ts on a real node:http server: a page's 500 becomes the translated 503 page
// when the database does not answer, and goes out untouched when it does; other answers pass.

import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { answerOutagesWith503 } from "./outage-pages";

let databaseUp = true;
let base: string;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  res.setHeader("Content-Security-Policy", "default-src 'self'");
  answerOutagesWith503(req, res, () => Promise.resolve(databaseUp));
  // As Next.js answers: a status, headers, then the body in pieces (or at once).
  if (req.url === "/fine") return void res.end("<p>fine</p>");
  res.statusCode = 500;
  res.setHeader("Content-Type", "text/html");
  res.write("<p>Internal ");
  res.end("Server Error</p>");
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("a page's 500 while the database is away is the 503 'try again' page, in the browser's language", async () => {
  databaseUp = false;
  const english = await fetch(`${base}/u/login`);
  assert.equal(english.status, 503);
  assert.equal(english.headers.get("retry-after"), "5");
  assert.equal(english.headers.get("content-security-policy"), "default-src 'self'", "the page's CSP stays");
  assert.match(await english.text(), /<title>Try again in a moment<\/title>/);
  const french = await fetch(`${base}/u/login`, { headers: { cookie: "NEXT_LOCALE=fr" } });
  assert.match(await french.text(), /lang="fr".*Réessayez dans un instant/s);
});

test("with the database up, the 500 goes out as it was; other answers are never touched", async () => {
  databaseUp = true;
  const failure = await fetch(`${base}/u/login`);
  assert.equal(failure.status, 500);
  assert.equal(await failure.text(), "<p>Internal Server Error</p>");
  databaseUp = false;
  const fine = await fetch(`${base}/fine`);
  assert.equal(fine.status, 200);
  assert.equal(await fine.text(), "<p>fine</p>");
});
