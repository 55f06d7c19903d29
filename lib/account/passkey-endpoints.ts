import { currentOrigin } from "../sites";

/**
 * W3C "A Well-Known URL for Passkey Endpoints" (/.well-known/passkey-endpoints): where a password
 * manager sends its user to create a passkey here (the account settings' passkey page, at its
 * "Add a passkey" button) and to manage the ones they have. Both pages sign the user in first.
 */
export function passkeyEndpoints() {
  const passkeys = `${currentOrigin()}/u/account/passkeys`;
  return { enroll: `${passkeys}#add-passkey`, manage: passkeys };
}
