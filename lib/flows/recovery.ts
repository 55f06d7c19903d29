import { connectionById, type LoginConnection } from "../connections";
import type { Locale } from "../i18n/locales";
import { spendOnMail } from "../limits";
import { logEvent, type RequestInfo } from "../logs/events";
import { sendMail } from "../mail/mailer";
import { recoveryMail } from "../mail/messages";
import type { Transaction } from "../oidc/transaction";
import { currentOrigin } from "../sites";
import { emailSchema } from "../users/identifiers";
import { passwordProblem, PASSWORD_MAX_LENGTH } from "../users/passwords";
import { issueLinkTicket, liveLinkTicket, RECOVERY_TICKET_MINUTES, spendTicket, type EmailTicket } from "../users/email-tickets";
import { loginUser, replacePassword, userByEmail } from "../users/store";
import { addPasskeyOptions, finishAddPasskey, type AddPasskeyOptions } from "./add-passkey";
import { afterFirstFactor, type BrowserState } from "./after-login";
import { fail, go, type StepResult } from "./result";

// Account recovery by an emailed link: "Forgot password?" on the password step (and Auth0's
// POST /dbconnections/change_password), or "Lost your passkey?" on a passkey-only connection.
// - The same answer whether or not the account exists; the mail goes out after it (lib/mail).
// - Limited per address and per typed email, so nobody floods an inbox or counts accounts.
// - The link works once, for RECOVERY_TICKET_MINUTES, and, when a login asked for it, only in
//   that login's browser (lib/users/email-tickets.ts). Opening it changes nothing.
// - A new password ends the user's sessions and refresh tokens.
// - Passkey-only: the link always comes from a login (never from the API), and the session is
//   issued only after the user made a new passkey; old passkeys stay, for account settings.
// - Recovery is a first factor and no more: the login then goes on as after one (MFA when the
//   user has it, OWASP ASVS 6.4.3), to the application that asked.

export type RecoveryKind = "password" | "passkey";

/**
 * How this connection's users recover, or undefined when they cannot here: without emails, or on
 * a custom database (its store keeps the passwords; it has no passkey-only mode).
 */
export async function recoveryKind(connection: Pick<LoginConnection, "id" | "attributes" | "passwordsEnabled">): Promise<RecoveryKind | undefined> {
  if (connection.attributes.email.signup === "inactive") return undefined;
  if (!connection.passwordsEnabled) return "passkey";
  return (await connectionById(connection.id))?.customStore ? undefined : "password";
}

type Asker = {
  connection: Pick<LoginConnection, "id" | "name" | "attributes" | "passwordsEnabled">;
  clientId: string;
  transactionId: string | null;
  request: RequestInfo;
  locale: Locale;
};

/** Sends a recovery link when an account can use one. "sent" either way; only a malformed email is told. */
export async function sendRecoveryLink(typed: unknown, asker: Asker): Promise<"sent" | "invalid_email"> {
  const email = emailSchema.safeParse(typed);
  if (!email.success) return "invalid_email";
  const { connection, clientId, request } = asker;
  await spendOnMail(email.data, request);
  const context = { clientId, connection: connection.name, request };
  const kind = await recoveryKind(connection);
  const refusal = !kind
    ? "this connection does not recover accounts by email"
    : kind === "passkey" && asker.transactionId === null
      ? "a passkey-only account recovers from the login page"
      : undefined;
  const user = kind && !refusal ? await userByEmail(connection.id, email.data) : null;
  if (!kind || !user || user.blocked) {
    const why = refusal ?? (user ? "the user is blocked" : "no such user");
    await logEvent({ type: "fcpr", ...context, userId: user?.id, description: `Recovery request not sent: ${why}` });
    return "sent";
  }
  const token = await issueLinkTicket("recovery", user.id, asker.transactionId);
  const link = `${currentOrigin()}/u/reset-password/new?ticket=${token}`;
  sendMail(await recoveryMail({ kind, to: email.data, locale: asker.locale, link, minutes: RECOVERY_TICKET_MINUTES, clientId }));
  await logEvent({ type: "scpr", ...context, userId: user.id, description: `Recovery request: email sent (${kind})` });
  return "sent";
}

/** "Forgot password?" (or "Lost your passkey?") on a hosted login. */
export async function requestRecovery(txn: Transaction, typed: unknown, request: RequestInfo, locale: Locale): Promise<StepResult> {
  const asker = { connection: txn.connection, clientId: txn.clientId, transactionId: txn.id, request, locale };
  if ((await sendRecoveryLink(typed, asker)) === "invalid_email") return fail("invalid_email");
  return go(`/u/reset-password/sent?state=${txn.id}`);
}

export type RecoveryLink =
  { ok: true; ticket: EmailTicket; txn: Transaction | null } | { ok: false; reason: "link_invalid" | "link_elsewhere"; ticket?: EmailTicket };

/** Why a link that opens nothing was refused, for the tenant log. */
const UNUSABLE = { link_invalid: "the link is used or expired", link_elsewhere: "the link was opened in another browser" } as const;

/** What a recovery link opens: its ticket and the login that asked (when one did, it must be open in this browser). */
export async function openRecoveryLink(token: unknown, transactionInThisBrowser: (id: string) => Promise<Transaction | null>): Promise<RecoveryLink> {
  const ticket = await liveLinkTicket("recovery", token);
  if (!ticket) return { ok: false, reason: "link_invalid" };
  if (!ticket.transactionId) return { ok: true, ticket, txn: null };
  const txn = await transactionInThisBrowser(ticket.transactionId);
  return txn ? { ok: true, ticket, txn } : { ok: false, reason: "link_elsewhere", ticket };
}

/** The new password from a recovery link: set once, then the login that asked goes on (or the user is told it is done). */
export async function resetPassword(link: RecoveryLink, password: unknown, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const userId = link.ticket?.userId;
  const user = userId ? await loginUser(userId) : undefined;
  const connection = user ? await connectionById(user.connectionId) : undefined;
  const refused = async (error: "link_invalid" | "link_elsewhere" | "user_blocked" | "passwords_disabled", why: string) => {
    await logEvent({ type: "fcp", connection: connection?.name, userId, request, description: `Password not changed: ${why}` });
    return fail(error);
  };
  if (!link.ok) return refused(link.reason, UNUSABLE[link.reason]);
  if (!user || !connection) return refused("link_invalid", "the user is gone");
  if (user.blocked) return refused("user_blocked", "the user is blocked");
  if (!connection.passwordsEnabled) return refused("passwords_disabled", "the connection is passkey-only");
  const typed = typeof password === "string" ? password.slice(0, PASSWORD_MAX_LENGTH + 1) : "";
  const problem = passwordProblem(typed, connection.passwordMinLength);
  if (problem) return fail(problem === "too_short" ? "password_too_short" : "password_too_long");
  if (!(await spendTicket(link.ticket))) return refused("link_invalid", "the link was used meanwhile");
  await replacePassword(user.id, typed);
  await logEvent({
    type: "scp",
    clientId: link.txn?.clientId,
    connection: connection.name,
    userId: user.id,
    request,
    description: "Password changed by a recovery link",
  });
  if (!link.txn) return go("/u/reset-password/done");
  return afterFirstFactor(link.txn, { userId: user.id, amr: ["pwd"] }, request, browser);
}

/** Creation options for the new passkey of a passkey-only recovery (the link must come from a login open in this browser). */
export async function recoveryPasskeyOptions(link: RecoveryLink): Promise<AddPasskeyOptions> {
  if (!link.ok) return { ok: false, error: link.reason };
  if (!link.txn) return { ok: false, error: "link_elsewhere" };
  return addPasskeyOptions(link.txn.id, link.ticket.userId);
}

/** The new passkey: the link is used up, the passkey stored, and only then does the login go on. */
export async function recoverWithPasskey(link: RecoveryLink, response: unknown, request: RequestInfo, browser: BrowserState): Promise<StepResult> {
  const refused = async (error: "link_invalid" | "link_elsewhere", why: string) => {
    await logEvent({ type: "passkey_recovery_failed", userId: link.ticket?.userId, request, description: `Passkey recovery refused: ${why}` });
    return fail(error);
  };
  if (!link.ok) return refused(link.reason, UNUSABLE[link.reason]);
  const { txn, ticket } = link;
  if (!txn) return refused("link_elsewhere", "the link came from no login");
  const user = await loginUser(ticket.userId);
  if (!user) return refused("link_invalid", "the user is gone");
  if (user.blocked) return fail("user_blocked");
  if (!(await spendTicket(ticket))) return refused("link_invalid", "the link was used meanwhile");
  const added = await finishAddPasskey({ transactionId: txn.id, kinds: ["enroll"] }, user.id, response, {
    request,
    clientId: txn.clientId,
    connection: txn.connection.name,
    description: "Passkey enrolled by account recovery",
    details: { authenticator: "passkey", recovery: true },
  });
  if (!added.ok) return added;
  // The emailed link and this browser, not a passkey assertion: "email" in amr, and MFA follows for users who have it.
  return afterFirstFactor(txn, { userId: user.id, amr: ["email"] }, request, browser);
}
