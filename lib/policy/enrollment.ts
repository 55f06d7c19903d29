import type { PasskeyOptions } from "./passkey-options";

// When to offer a passkey after a login. Both offers also need a platform authenticator, which
// only the browser can tell: the interstitial checks that itself and steps aside without one.

export const ENROLLMENT_SNOOZE_DAYS = 30;
export const ENROLLMENT_SNOOZE_MS = ENROLLMENT_SNOOZE_DAYS * 24 * 3600 * 1000;

type Connection = { passkeysEnabled: boolean; passkeyOptions: PasskeyOptions };

/**
 * Progressive enrollment: after a password login, to a user with no passkey who has not said
 * "don't ask again" and is not within a "remind me later" (kept on the user, so on every device).
 */
export function offerProgressiveEnrollment(input: {
  connection: Connection;
  amr: string[];
  user: { passkeyCount: number; passkeyPromptNever: boolean; passkeyPromptSnoozedUntil: Date | null };
  now: Date;
}): boolean {
  const { connection, amr, user, now } = input;
  return (
    connection.passkeysEnabled &&
    connection.passkeyOptions.progressive_enrollment_enabled &&
    amr.includes("pwd") &&
    user.passkeyCount === 0 &&
    !user.passkeyPromptNever &&
    !(user.passkeyPromptSnoozedUntil && user.passkeyPromptSnoozedUntil > now)
  );
}

/**
 * Local enrollment: after a passkey login whose passkey lives on another device (a phone or
 * tablet over the hybrid transport), offer one on this device. "Not now" is remembered per
 * browser (a cookie), as Auth0 does; `browserSnoozedUntil` is that cookie's value.
 */
export function offerLocalEnrollment(input: {
  connection: Connection;
  amr: string[];
  crossDevice: boolean;
  roomForAnother: boolean;
  browserSnoozedUntil?: number;
  now: Date;
}): boolean {
  const { connection, amr, crossDevice, roomForAnother, browserSnoozedUntil, now } = input;
  return (
    connection.passkeysEnabled &&
    connection.passkeyOptions.local_enrollment_enabled &&
    amr.includes("phr") &&
    crossDevice &&
    roomForAnother &&
    !(browserSnoozedUntil !== undefined && browserSnoozedUntil > now.getTime())
  );
}

/** A passkey login used a passkey from another device: cross-platform, over hybrid. */
export function isCrossDeviceLogin(attachment: string | undefined, transports: string[]): boolean {
  return attachment === "cross-platform" && transports.includes("hybrid");
}
