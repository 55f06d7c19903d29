"use server";
import { finishPasskeySignup, passkeySignupOptions, signupWithPassword, submitSignupIdentity } from "@/lib/flows/signup";
import { withTransaction } from "../transaction";
import { fieldOf, followAsForm } from "../form-result";

// Server actions of the signup steps; validation and decisions live in lib/flows/signup.

/** The identifiers the connection asks at signup ({ email?, username?, phone_number? }). */
export async function submitIdentity(state: string, identity: unknown) {
  return withTransaction(state, (txn, request) => submitSignupIdentity(txn, identity, request));
}

/** `hybrid`: "Try another way", create the passkey on a phone or tablet. */
export async function getCreationOptions(state: string, hybrid: unknown = false) {
  return withTransaction(state, (txn, request) => passkeySignupOptions(txn, { hybrid: hybrid === true }, request));
}

export async function finishCreation(state: string, response: unknown) {
  return withTransaction(state, (txn, request) => finishPasskeySignup(txn, response, request));
}

export async function submitPassword(state: string, password: unknown) {
  return withTransaction(state, (txn, request) => signupWithPassword(txn, { password }, request));
}

// The same steps as plain forms (no scripts): app/u/form-result.ts.

export async function submitIdentityForm(state: string, fields: unknown, form: unknown) {
  const identity = Object.fromEntries((Array.isArray(fields) ? (fields as unknown[]) : []).map((name) => [String(name), fieldOf(form, String(name))]));
  followAsForm(`/u/signup?state=${encodeURIComponent(state)}`, await submitIdentity(state, identity));
}

export async function submitPasswordForm(state: string, form: unknown) {
  followAsForm(`/u/signup/password?state=${encodeURIComponent(state)}`, await submitPassword(state, fieldOf(form, "password")));
}
