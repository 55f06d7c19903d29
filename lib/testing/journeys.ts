// Helpers for integration tests of the journeys (lib/flows): each starts an authorization request
// against the provider as an application would, loads the interaction the provider created,
// drives the steps the pages would call, and follows the provider's resume URL to the tokens.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { db } from "../db";
import { loadTransaction, type Transaction } from "../oidc/transaction";
import { finishPasskeySignup, passkeySignupOptions, signupWithPassword, submitSignupIdentity } from "../flows/signup";
import type { StepResult } from "../flows/result";
import { startAuthorization, tokenRequest, type AuthorizationStart, type Browser, type Harness } from "./harness";
import { SoftAuthenticator } from "./soft-authenticator";

export const request = { ip: "203.0.113.7", userAgent: "node:test flows" };

export function journeyHelpers(harness: () => Harness) {
  const newEmail = () => `${randomUUID()}@example.test`;

  /** A browser that an application sent to /authorize, and the transaction the provider started. */
  async function newTransaction(params: Record<string, string | undefined> = {}) {
    const browser = harness().browser();
    const start = await startAuthorization(harness(), browser, params);
    assert.equal(start.response.status, 303);
    assert.ok(start.uid, `expected a hosted page, got ${start.location}`);
    const txn = await loadTransaction(start.uid, () => true);
    return { browser, start, txn };
  }

  /** The transaction as the next page loads it (with the email remembered by the previous step). */
  const reload = (txn: Transaction) => loadTransaction(txn.id, () => true);

  function redirectOf(result: StepResult): string {
    assert.ok(result.ok, `expected a redirect, got ${JSON.stringify(result)}`);
    return result.redirectTo;
  }

  /**
   * The browser follows the provider's resume URL to the application's callback, and the
   * application redeems the code (with its PKCE verifier) for tokens; returns the verified ID token.
   */
  async function completeAtApplication(browser: Browser, start: AuthorizationStart, resumeUrl: string): Promise<JWTPayload> {
    assert.equal(new URL(resumeUrl).href, `${harness().origin}/authorize/${start.uid}`);
    const { location } = await browser.navigate(resumeUrl);
    assert.ok(location, "the provider should redirect back to the application");
    assert.equal(`${location.origin}${location.pathname}`, start.redirectUri);
    assert.equal(location.searchParams.get("state"), start.state);
    assert.equal(location.searchParams.get("iss"), harness().issuer);
    const code = location.searchParams.get("code");
    assert.ok(code, `no code in ${location}`);

    const token = await tokenRequest(harness(), {
      grant_type: "authorization_code",
      code,
      redirect_uri: start.redirectUri,
      client_id: start.clientId,
      code_verifier: start.verifier,
    });
    assert.equal(token.status, 200, JSON.stringify(token.json));
    assert.equal(token.json.token_type, "Bearer");
    const jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", harness().origin));
    const { payload } = await jwtVerify(String(token.json.id_token), jwks, { issuer: harness().issuer, audience: start.clientId });
    assert.equal(payload.nonce, start.nonce);
    return payload;
  }

  /** `params`: more /authorize parameters (a `connection`). */
  async function passkeySignup(authenticator = new SoftAuthenticator(), email = newEmail(), params: Record<string, string> = {}) {
    const { browser, start, txn } = await newTransaction({ screen_hint: "signup", ...params });
    assert.equal(start.location?.pathname, "/u/signup");
    assert.equal(redirectOf(await submitSignupIdentity(txn, { email })), `/u/signup/passkey?state=${txn.id}`);
    const step = await reload(txn);
    assert.deepEqual(step.identity, { email });
    const options = await passkeySignupOptions(step, {}, request);
    assert.ok(options.ok, JSON.stringify(options));
    const response = authenticator.register(options.options, { origin: harness().origin });
    const result = await finishPasskeySignup(step, JSON.stringify(response), request);
    return { browser, start, txn: step, email, authenticator, result };
  }

  async function passwordSignup(email: string, password: string) {
    const { browser, start, txn } = await newTransaction({ screen_hint: "signup" });
    redirectOf(await submitSignupIdentity(txn, { email }));
    const step = await reload(txn);
    const result = await signupWithPassword(step, { password }, request);
    return { browser, start, txn: step, result };
  }

  const userCount = () => db().user.count();
  const logCount = (type: string) => db().logEvent.count({ where: { type } });
  return { newEmail, newTransaction, reload, redirectOf, completeAtApplication, passkeySignup, passwordSignup, userCount, logCount };
}
