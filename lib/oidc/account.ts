import type { FindAccount } from "oidc-provider";
import { loginUser } from "../users/store";

// The provider asks for the account behind a session or token; claims come from the user row
// (read once per request: a passkey login has read it with the passkey).
export const findAccount: FindAccount = async (_ctx, sub) => {
  const user = await loginUser(sub);
  // A blocked user has no account as far as the provider knows: their codes, refresh tokens and
  // access tokens (userinfo) stop working at once.
  if (!user || user.blocked) return undefined;
  return {
    accountId: user.id,
    claims() {
      // Only the identifiers the user has (a username-only user has no email claim at all).
      return {
        sub: user.id,
        ...(user.email !== null && { email: user.email, email_verified: user.emailVerified }),
        ...(user.username !== null && { preferred_username: user.username }),
        // Nothing verifies phone numbers yet: the claim says so.
        ...(user.phoneNumber !== null && { phone_number: user.phoneNumber, phone_number_verified: false }),
        updated_at: Math.floor(user.updatedAt.getTime() / 1000),
        ...user.profile,
      };
    },
  };
};
