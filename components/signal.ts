"use client";

// The WebAuthn Signal API tells the browser's passkey provider what this site knows, so it can
// hide deleted passkeys and show the current account name. Each call is a hint: where the
// browser lacks a method, nothing happens; where it fails, nothing breaks.

type Signals = {
  signalUnknownCredential?: (o: { rpId: string; credentialId: string }) => Promise<void>;
  signalAllAcceptedCredentials?: (o: { rpId: string; userId: string; allAcceptedCredentialIds: string[] }) => Promise<void>;
  signalCurrentUserDetails?: (o: { rpId: string; userId: string; name: string; displayName: string }) => Promise<void>;
};

const api = (): Signals => (typeof PublicKeyCredential === "undefined" ? {} : (PublicKeyCredential as unknown as Signals));

async function quietly(call: (() => Promise<void>) | undefined) {
  try {
    await call?.();
  } catch {
    // A hint the browser did not take.
  }
}

export function signalUnknownCredential(rpId: string, credentialId: string) {
  const s = api();
  return quietly(s.signalUnknownCredential && (() => s.signalUnknownCredential!({ rpId, credentialId })));
}

export async function signalAccountState(account: { rpId: string; userId: string; name: string }, credentialIds: string[]): Promise<void> {
  const s = api();
  await Promise.all([
    quietly(s.signalAllAcceptedCredentials && (() => s.signalAllAcceptedCredentials!({ rpId: account.rpId, userId: account.userId, allAcceptedCredentialIds: credentialIds }))),
    quietly(s.signalCurrentUserDetails && (() => s.signalCurrentUserDetails!({ rpId: account.rpId, userId: account.userId, name: account.name, displayName: account.name }))),
  ]);
}
