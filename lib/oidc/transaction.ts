import type { Interaction, InteractionResults } from "oidc-provider";
import { db } from "../db";
import { readPasskeyOptions } from "../policy/passkey-options";
import { provider } from "./instance";
import { TRANSACTION_TTL_SECONDS } from "./constants";

// A login transaction is an oidc-provider interaction (its uid travels as `state`) plus what the
// pages remember between steps (the email). It is only usable in the browser that started it:
// the provider set a per-transaction cookie there (see onInteractionStarted).

export class TransactionError extends Error {
  constructor() {
    super("This login request has expired. Go back to the application and try again.");
    this.name = "TransactionError";
  }
}

const STATE = /^[A-Za-z0-9_-]{10,64}$/;

export type Transaction = Awaited<ReturnType<typeof loadTransaction>>;

/** The transaction for `state`, or TransactionError when it is unknown, expired or not this browser's. */
export async function loadTransaction(state: unknown, boundToThisBrowser: (uid: string) => boolean) {
  if (typeof state !== "string" || !STATE.test(state) || !boundToThisBrowser(state)) throw new TransactionError();
  const interaction = await openInteraction(state);

  const connection = await db().connection.findFirst({ where: { isDefault: true } });
  if (!connection) throw new Error("No default connection: run the seed");
  const saved = await db().loginTransaction.findUnique({ where: { id: state } });
  const live = saved && saved.expiresAt > new Date() ? saved : undefined;
  const params = interaction.params as Record<string, string | undefined>;

  return {
    id: state,
    prompt: interaction.prompt.name,
    clientId: String(params.client_id),
    loginHint: params.login_hint?.slice(0, 254),
    email: live?.email ?? undefined,
    // Set once the first factor is verified: who signed in, how, and the step still ahead.
    login: live?.userId
      ? { userId: live.userId, amr: live.amr, stage: live.stage, crossDevice: live.crossDevice, isSignup: live.isSignup, mfaFailures: live.mfaFailures, pendingTotpSecret: live.pendingTotpSecret }
      : undefined,
    connection: {
      id: connection.id,
      name: connection.name,
      passwordMinLength: connection.passwordMinLength,
      passkeysEnabled: connection.passkeysEnabled,
      mfaRequired: connection.mfaRequired,
      passkeyOptions: readPasskeyOptions(connection.passkeyOptions),
    },
  };
}

/** Remembers the email the user entered, for the next step of this transaction. */
export async function rememberEmail(transactionId: string, connectionId: string, email: string): Promise<void> {
  const expiresAt = new Date(Date.now() + TRANSACTION_TTL_SECONDS * 1000);
  await db().loginTransaction.upsert({
    where: { id: transactionId },
    create: { id: transactionId, connectionId, email, expiresAt },
    update: { email, expiresAt },
  });
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
  await db().loginTransaction.deleteMany({ where: { id: transactionId } });
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
  const client = await db().client.findUnique({ where: { clientId: String(interaction.params.client_id) } });
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
