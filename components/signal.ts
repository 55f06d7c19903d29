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

/** Calls a signal method of PublicKeyCredential if the browser has it; a hint it refuses is ignored. */
async function signal<K extends keyof Signals>(name: K, argument: Parameters<NonNullable<Signals[K]>>[0]): Promise<void> {
  const s = api();
  const method = s[name] as ((o: typeof argument) => Promise<void>) | undefined;
  try {
    await method?.call(s, argument);
  } catch {
    // A hint the browser did not take.
  }
}

export function signalUnknownCredential(rpId: string, credentialId: string) {
  return signal("signalUnknownCredential", { rpId, credentialId });
}

export async function signalAccountState(account: { rpId: string; userId: string; name: string }, credentialIds: string[]): Promise<void> {
  await Promise.all([
    signal("signalAllAcceptedCredentials", { rpId: account.rpId, userId: account.userId, allAcceptedCredentialIds: credentialIds }),
    signal("signalCurrentUserDetails", { rpId: account.rpId, userId: account.userId, name: account.name, displayName: account.name }),
  ]);
}
