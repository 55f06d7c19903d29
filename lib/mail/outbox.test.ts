// The development outbox: with no SMTP_URL, mail is kept in the database, and its page is shown
// only on a loopback issuer (anything else would hand recovery links to whoever asks).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { resetConfigForTests } from "../config";
import { startHarness, type Harness } from "../testing/harness";
import { unsetEnv } from "../testing/env";
import { mailSettled, sendMail } from "./mailer";
import { outboxMessages, outboxShown } from "./outbox";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test("mail without SMTP_URL waits in the outbox, newest first", async () => {
  sendMail({ to: "ada@example.test", subject: "First", text: "one https://localhost/x", html: "<p>one</p>" });
  sendMail({ to: "bob@example.test", subject: "Second", text: "two", html: "<p>two</p>" });
  await mailSettled();
  const [newest, older] = await outboxMessages(2);
  assert.deepEqual([newest.subject, newest.to, older.subject, older.text], ["Second", "bob@example.test", "First", "one https://localhost/x"]);
});

test("its page exists only without SMTP and on a loopback issuer", () => {
  const cases: [Record<string, string>, boolean][] = [
    [{ ISSUER: "http://localhost:3000" }, true],
    [{ ISSUER: "http://127.0.0.1:3000" }, true],
    [{ ISSUER: "http://login.localhost:3000" }, true],
    [{ ISSUER: "https://login.example.com" }, false],
    [{ ISSUER: "https://localhost.example.com" }, false],
    [{ ISSUER: "http://localhost:3000", SMTP_URL: "smtp://127.0.0.1:2525" }, false],
  ];
  const saved = { ISSUER: process.env.ISSUER, SMTP_URL: process.env.SMTP_URL };
  try {
    for (const [env, shown] of cases) {
      unsetEnv("SMTP_URL");
      Object.assign(process.env, env);
      resetConfigForTests();
      assert.equal(outboxShown(), shown, JSON.stringify(env));
    }
  } finally {
    unsetEnv("SMTP_URL");
    Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    resetConfigForTests();
  }
});

test("SMTP_URL must be an SMTP URL", () => {
  try {
    process.env.SMTP_URL = "http://mail.example.com";
    resetConfigForTests();
    assert.throws(() => outboxShown(), /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
  } finally {
    unsetEnv("SMTP_URL");
    resetConfigForTests();
  }
});
