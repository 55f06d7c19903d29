import type { Interaction, InteractionResults } from "oidc-provider";
import { clientById } from "./clients";
import { connectionNamed, defaultConnection } from "../connections";
import { db, runSql } from "../db";
import { at, sql } from "../sql";
import { inUnitOfWork, write } from "../unit-of-work";
import { OIDC_ROW_COLUMNS, rememberOidcRow } from "./adapter";
import { provider } from "./instance";
import { TRANSACTION_TTL_SECONDS } from "./constants";
import { IDENTIFIER_TYPES, mainIdentifier, type Identity } from "../users/identifiers";

// A login transaction is an oidc-provider interaction (its uid travels as `state`) plus what the
// pages remember between steps (the identifier typed, then who signed in and the step ahead), in the
// login_transaction row of the same id. It is only usable in the browser that started it: the
// provider set a per-transaction cookie there (see onInteractionStarted). This module owns that
// row: the flows read and change it through the functions below.

export class TransactionError extends Error {
  constructor() {
    super("This login request has expired. Go back to the application and try again.");
    this.name = "TransactionError";
  }
}

const STATE = /^[A-Za-z0-9_-]{10,64}$/;

export type Transaction = Awaited<ReturnType<typeof loadTransaction>>;

/** What the pages remember once the first factor is verified (lib/flows/after-login.ts). */
export type LoginState = {
  userId: string;
  amr: string[];
  stage: string | null;
  crossDevice: boolean;
  isSignup: boolean;
  mfaFailures: number;
  pendingTotpSecret: string | null;
};

/**
 * The transaction for `state`, or TransactionError when it is unknown, expired or not this
 * browser's. The interaction and the pages' row come in one query; the provider's own lookup of
 * the interaction is then answered from the request's unit of work (lib/oidc/adapter.ts).
 */
export async function loadTransaction(state: unknown, boundToThisBrowser: (uid: string) => boolean) {
  if (typeof state !== "string" || !STATE.test(state) || !boundToThisBrowser(state)) throw new TransactionError();
  return inUnitOfWork(async () => {
    const { rows } = await runSql(sql`SELECT ${OIDC_ROW_COLUMNS}, t.email, t.username, t.phone_number, t.user_id, t.amr, t.stage, t.cross_device, t.is_signup,
        t.mfa_failures, t.pending_totp_secret, t.expires_at > ${at(new Date())} AS live
      FROM oidc_model o LEFT JOIN login_transaction t ON t.id = o.id WHERE o.type = 'Interaction' AND o.id = ${state}`);
    const row = rows.at(0);
    if (!row) throw new TransactionError();
    rememberOidcRow("Interaction", state, row as Parameters<typeof rememberOidcRow>[2]);
    const interaction = await openInteraction(state);
    const params = interaction.params as Record<string, string | undefined>;
    // Auth0's `connection` at /authorize picks the connection (checked there: lib/oidc/provider.ts).
    const connection = (params.connection ? await connectionNamed(params.connection) : undefined) ?? (await defaultConnection());
    const live = row.live === true;
    const login: LoginState | undefined =
      live && row.user_id
        ? {
            userId: row.user_id as string,
            amr: row.amr as string[],
            stage: (row.stage as string | null) ?? null,
            crossDevice: Boolean(row.cross_device),
            isSignup: Boolean(row.is_signup),
            mfaFailures: Number(row.mfa_failures),
            pendingTotpSecret: (row.pending_totp_secret as string | null) ?? null,
          }
        : undefined;
    const identity: Identity = live ? Object.fromEntries(IDENTIFIER_TYPES.flatMap((type) => (typeof row[type] === "string" ? [[type, row[type]]] : []))) : {};
    return {
      id: state,
      prompt: interaction.prompt.name,
      clientId: String(params.client_id),
      loginHint: params.login_hint?.slice(0, 254),
      // What the user entered: at login one identifier, at signup each attribute they gave.
      identity,
      /** The identifier the next step is about (at login, the one typed). */
      identifier: mainIdentifier(identity),
      // Set once the first factor is verified: who signed in, how, and the step still ahead.
      login,
      connection: {
        id: connection.id,
        name: connection.name,
        passwordMinLength: connection.passwordMinLength,
        passkeysEnabled: connection.passkeysEnabled,
        passwordsEnabled: connection.passwordsEnabled,
        mfaRequired: connection.mfaRequired,
        passkeyOptions: connection.passkeyOptions,
        attributes: connection.attributes,
      },
    };
  });
}

const rowKey = (transactionId: string) => `login_transaction:${transactionId}`;
const expiry = () => at(new Date(Date.now() + TRANSACTION_TTL_SECONDS * 1000));

/** Remembers what the user entered (replacing what was there), for the next step of this transaction. */
export async function rememberIdentity(transactionId: string, connectionId: string, identity: Identity): Promise<void> {
  const now = at(new Date());
  const { email = null, username = null, phone_number = null } = identity;
  await write(
    sql`INSERT INTO login_transaction (id, connection_id, email, username, phone_number, expires_at, created_at, updated_at)
      VALUES (${transactionId}, ${connectionId}, ${email}, ${username}, ${phone_number}, ${expiry()}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, username = EXCLUDED.username, phone_number = EXCLUDED.phone_number,
        expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
    rowKey(transactionId),
  );
}

/** Remembers who signed in, how, and the step ahead (the row may not exist: a passkey login skips the email step). */
export async function saveLoginState(transactionId: string, connectionId: string, login: LoginState): Promise<void> {
  const now = at(new Date());
  await write(
    sql`INSERT INTO login_transaction (id, connection_id, user_id, amr, stage, cross_device, is_signup, mfa_failures, pending_totp_secret, expires_at, created_at, updated_at)
      VALUES (${transactionId}, ${connectionId}, ${login.userId}, ${login.amr}::text[], ${login.stage}, ${login.crossDevice}, ${login.isSignup}, ${login.mfaFailures},
        ${login.pendingTotpSecret}, ${expiry()}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, amr = EXCLUDED.amr, stage = EXCLUDED.stage, cross_device = EXCLUDED.cross_device,
        is_signup = EXCLUDED.is_signup, mfa_failures = EXCLUDED.mfa_failures, pending_totp_secret = EXCLUDED.pending_totp_secret,
        expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
    rowKey(transactionId),
  );
}

/** The step ahead changed (the rest of the state as it was). */
export async function saveStage(transactionId: string, stage: string): Promise<void> {
  await write(sql`UPDATE login_transaction SET stage = ${stage}, updated_at = ${at(new Date())} WHERE id = ${transactionId}`, rowKey(transactionId));
}

// MFA during a login: these change the row at once (not queued), as the attempt count must
// hold against parallel guesses.

/** Counts an MFA attempt before the code is checked, in one conditional update: false once `max` are used. */
export async function takeMfaAttempt(transactionId: string, max: number): Promise<boolean> {
  const { count } = await db().loginTransaction.updateMany({ where: { id: transactionId, mfaFailures: { lt: max } }, data: { mfaFailures: { increment: 1 } } });
  return count === 1;
}

export async function mfaAttempts(transactionId: string): Promise<number> {
  const { mfaFailures } = await db().loginTransaction.findUniqueOrThrow({ where: { id: transactionId }, select: { mfaFailures: true } });
  return mfaFailures;
}

/** The TOTP secret offered to this login for setting up MFA: the first one offered wins (two tabs show the same). */
export async function offerTotpSecret(transactionId: string, encryptedSecret: string): Promise<string> {
  await db().loginTransaction.updateMany({ where: { id: transactionId, pendingTotpSecret: null }, data: { pendingTotpSecret: encryptedSecret } });
  const { pendingTotpSecret } = await db().loginTransaction.findUniqueOrThrow({ where: { id: transactionId }, select: { pendingTotpSecret: true } });
  if (pendingTotpSecret === null) throw new TransactionError(); // the transaction was started again meanwhile
  return pendingTotpSecret;
}

/** The second factor is done: the login's amr grows, the offered secret is spent. */
export async function recordSecondFactor(transactionId: string, amr: string[]): Promise<void> {
  await db().loginTransaction.update({ where: { id: transactionId }, data: { amr, pendingTotpSecret: null } });
}

/** The interaction, still waiting for its result; TransactionError when it is gone or finished meanwhile. */
export async function openInteraction(transactionId: string): Promise<Interaction> {
  const interaction = await provider().Interaction.find(transactionId);
  if (!interaction || interaction.result) throw new TransactionError();
  return interaction;
}

/**
 * Ends the interaction with a signed-in user and returns where the browser goes next (the
 * provider's resume URL, which checks its own resume cookie and issues the code).
 */
export async function finishLogin(transactionId: string, login: { accountId: string; amr: string[] }): Promise<string> {
  const interaction = await openInteraction(transactionId);
  await saveResult(interaction, { login: { accountId: login.accountId, amr: login.amr, remember: true } });
  await write(sql`DELETE FROM login_transaction WHERE id = ${transactionId}`, rowKey(transactionId));
  return interaction.returnTo;
}

/**
 * The provider asks for consent when an application sends prompt=consent (needed for
 * offline_access). First-party applications are trusted: consent is recorded without a screen.
 * Third-party consent screens are not built yet, so those requests end with consent_required.
 */
export async function finishConsent(transactionId: string): Promise<string> {
  const interaction = await openInteraction(transactionId);
  if (interaction.prompt.name !== "consent") throw new TransactionError();
  const client = await clientById(String(interaction.params.client_id));
  await saveResult(
    interaction,
    client?.firstParty
      ? { consent: {} }
      : { error: "consent_required", error_description: "This application needs a consent screen, which is not available yet" },
  );
  return interaction.returnTo;
}

/** Stores the interaction's outcome for the provider's resume step, keeping its original expiry. */
async function saveResult(interaction: Interaction, result: InteractionResults): Promise<void> {
  interaction.result = result;
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
}
