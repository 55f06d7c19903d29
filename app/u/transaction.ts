import { cookies, headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { isLocale } from "@/lib/i18n/locales";
import { clientById } from "@/lib/oidc/clients";
import { inUnitOfWork } from "@/lib/unit-of-work";
import { transactionCookieName } from "@/lib/oidc/constants";
import { bindingHolds } from "@/lib/oidc/binding";
import { loadTransaction, TransactionError, type Transaction } from "@/lib/oidc/transaction";
import { requestInfoFrom, type RequestInfo } from "@/lib/logs/events";
import { errorResult } from "@/lib/flows/result";
import type { BrowserState } from "@/lib/flows/after-login";
import { config } from "@/lib/config";
import { LimitReachedError, logRefusal } from "@/lib/limits";
import { ENROLLMENT_SNOOZE_MS } from "@/lib/policy/enrollment";
import { pageClient } from "@/components/page-client";

// Next.js glue for lib/oidc/transaction: the binding cookie and request details come from here.

export async function currentTransaction(state: unknown): Promise<Transaction> {
  const jar = await cookies();
  const txn = await loadTransaction(state, (uid) => bindingHolds(uid, jar.get(transactionCookieName(uid))?.value));
  pageClient().clientId = txn.clientId; // the page wears the application's branding
  return txn;
}

/** The transaction, or null when the page should show "expired". */
export async function transactionOrNull(state: unknown): Promise<Transaction | null> {
  try {
    return await currentTransaction(state);
  } catch (error) {
    if (error instanceof TransactionError) return null;
    throw error;
  }
}

export async function requestInfo(): Promise<RequestInfo> {
  return requestInfoFrom(await headers());
}

export async function applicationName(clientId: string): Promise<string> {
  return (await clientById(clientId))?.name ?? clientId;
}

export function stateParam(searchParams: Record<string, string | string[] | undefined>): string | undefined {
  const value = searchParams.state;
  return typeof value === "string" ? value : undefined;
}

/**
 * The body of every server action: load the transaction (bound to this browser), run the step,
 * and turn known failures into error values (an expired transaction, a bad passkey answer…).
 * One unit of work: the step's writes commit together before the action answers.
 */
export async function withTransaction<T>(state: unknown, step: (txn: Transaction, request: RequestInfo, browser: BrowserState) => Promise<T>) {
  let txn: Transaction | undefined;
  const request = await requestInfo();
  try {
    return await inUnitOfWork(async () => {
      txn = await currentTransaction(state);
      return step(txn, request, await browserState());
    });
  } catch (error) {
    // A limit's refusal undoes the step's writes; its log event is written on its own.
    if (error instanceof LimitReachedError) await logRefusal(error, { request, clientId: txn?.clientId, connection: txn?.connection.name });
    return errorResult(error);
  }
}

/** The same for a step that no login goes with (an emailed link): one unit of work, known failures as error values. */
export async function withoutTransaction<T>(step: (request: RequestInfo, browser: BrowserState) => Promise<T>) {
  const request = await requestInfo();
  try {
    return await inUnitOfWork(async () => step(request, await browserState()));
  } catch (error) {
    return errorResult(error);
  }
}

// "Not now" to local enrollment is remembered per browser, as Auth0 does: a cookie holding the
// time until which this browser is not asked again (the server compares it with its own clock).
const LOCAL_SNOOZE_COOKIE = "passkey_local_snooze";

export async function browserState(): Promise<BrowserState> {
  const value = Number((await cookies()).get(LOCAL_SNOOZE_COOKIE)?.value);
  const locale = await getLocale();
  return { ...(Number.isFinite(value) && value > 0 && { localEnrollmentSnoozedUntil: value }), ...(isLocale(locale) && { locale }) };
}

export async function snoozeLocalEnrollment(): Promise<void> {
  (await cookies()).set(LOCAL_SNOOZE_COOKIE, String(Date.now() + ENROLLMENT_SNOOZE_MS), {
    path: "/u",
    httpOnly: true,
    sameSite: "lax",
    secure: config().secureCookies,
    maxAge: ENROLLMENT_SNOOZE_MS / 1000,
  });
}
