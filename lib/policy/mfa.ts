// Who needs a second factor after the first. A user who set up MFA always uses it; a connection
// can require it of everyone (users without a factor then set one up during login). By default
// a passkey is no exception; the tenant's "skip MFA after a passkey" setting (Auth0 does this with
// a post-login Action that checks amr for "phr") lets passkey logins through without it.

export function mfaNeeded(input: { amr: string[]; userHasFactor: boolean; connectionRequiresMfa: boolean; skipAfterPasskey: boolean }): boolean {
  const { amr, userHasFactor, connectionRequiresMfa, skipAfterPasskey } = input;
  if (amr.includes("mfa")) return false; // a second factor (app code or recovery code) already in this login
  if (!userHasFactor && !connectionRequiresMfa) return false;
  return !(skipAfterPasskey && amr.includes("phr"));
}
