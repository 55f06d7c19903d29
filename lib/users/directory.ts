import { connectionById } from "../connections";
import { isUniqueViolation, runSql } from "../db";
import { at, sql } from "../sql";
import { createStoreUser, CustomStoreError, getStoreUser, storeLogin, type CustomStore, type StoreProfile } from "./custom-store";
import { IDENTIFIER_TYPES, type Identifier, type Identity } from "./identifiers";
import type { UserProfile } from "./profile";
import {
  checkPassword,
  createUserWithPasskey,
  createUserWithPassword,
  findUserById,
  findUserByIdentifier,
  identityTaken,
  newUserId,
  UserExistsError,
  type UserWithMethods,
} from "./store";

// Where a connection's users are: the built-in store, or a custom database without user import
// (the customer's store over HTTP: lib/users/custom-store.ts). The flows ask here and never care
// which. A custom connection's users still get a row of ours (lib/users/store.ts) for what this
// service owns (passkeys, factors, snoozes); that row's copy of the identifiers and profile is
// refreshed from the store's answer at every login, and nothing of it is written before the store
// said yes.

async function storeOf(connectionId: string): Promise<CustomStore | undefined> {
  return (await connectionById(connectionId))?.customStore;
}

/** The user with this identifier on the connection, or null. On a custom connection: one Get User call. */
export async function userByIdentifier(connectionId: string, identifier: Identifier): Promise<UserWithMethods | null> {
  const store = await storeOf(connectionId);
  if (!store) return findUserByIdentifier(connectionId, identifier);
  const profile = await getStoreUser(store, identifier.value, identifier.type);
  if (!profile) return null;
  const { id } = await mirror(connectionId, profile);
  return findUserById(id);
}

/** Which of these identifiers an existing user has (the first), or undefined. On a custom connection: a Get User per identifier. */
export async function identityInUse(connectionId: string, identity: Identity): Promise<keyof Identity | undefined> {
  const store = await storeOf(connectionId);
  if (!store) return identityTaken(connectionId, identity);
  for (const type of IDENTIFIER_TYPES) {
    const value = identity[type];
    if (value !== undefined && (await getStoreUser(store, value, type)) !== null) return type;
  }
  return undefined;
}

/** The user when the password is right, else null. On a custom connection the store checks it (Login). */
export async function userByPassword(connectionId: string, identifier: Identifier, password: string): Promise<{ id: string; blocked: boolean } | null> {
  const store = await storeOf(connectionId);
  if (!store) return checkPassword(connectionId, identifier, password);
  const profile = await storeLogin(store, identifier.value, identifier.type, password);
  return profile ? mirror(connectionId, profile) : null;
}

/** A new user with a password. On a custom connection the store keeps the password (Create); we keep none. */
export async function createPasswordUser(input: Identity & { connectionId: string; password: string; profile?: UserProfile }): Promise<{ id: string }> {
  const store = await storeOf(input.connectionId);
  if (!store) return createUserWithPassword(input);
  const identity = identityOf(input);
  const created = await createStoreUser(store, { ...identity, password: input.password, ...withoutMetadata(input.profile) });
  if (!created) throw new UserExistsError();
  return mirror(input.connectionId, sameIdentity(created, identity));
}

/**
 * A new user and their first passkey (its user handle is `userId`). On a custom connection the
 * store creates the user first (Create, without a password); only then are the row and the
 * passkey written, together, so a refusal or a failure of the store leaves nothing here.
 */
export async function createPasskeyUser(input: Parameters<typeof createUserWithPasskey>[0]): Promise<void> {
  const store = await storeOf(input.connectionId);
  if (!store) return createUserWithPasskey(input);
  const identity = identityOf(input);
  const created = await createStoreUser(store, { ...identity, ...withoutMetadata(input.profile) });
  if (!created) throw new UserExistsError();
  await createUserWithPasskey({ ...input, externalId: sameIdentity(created, identity).user_id });
}

/**
 * After a passkey login (the user found by the credential's user handle): on a custom connection,
 * the store must still have the user (Get User by user_id); its answer refreshes our copy. False
 * when the store no longer knows them.
 */
export async function confirmPasskeyUser(connectionId: string, user: { externalId: string | null }): Promise<boolean> {
  const store = await storeOf(connectionId);
  if (!store) return true;
  const { externalId } = user;
  if (externalId === null) return false;
  const profile = await getStoreUser(store, externalId, "user_id");
  if (!profile || profile.user_id !== externalId) return false;
  await mirror(connectionId, profile);
  return true;
}

/** The store's answer copied into our row (made on first sight, under an id of ours). */
async function mirror(connectionId: string, profile: StoreProfile): Promise<{ id: string; blocked: boolean }> {
  if (!profile.email && !profile.username && !profile.phone_number) {
    throw new CustomStoreError("malformed", "get_user", "the profile has no email, username or phone_number");
  }
  const now = at(new Date());
  const upsert = runSql(
    sql`INSERT INTO "user" (id, connection_id, external_id, email, username, phone_number, email_verified, name, given_name, family_name, nickname, picture, created_at, updated_at)
      VALUES (${newUserId()}, ${connectionId}, ${profile.user_id}, ${profile.email ?? null}, ${profile.username ?? null}, ${profile.phone_number ?? null},
        ${profile.email_verified ?? false}, ${profile.name ?? null}, ${profile.given_name ?? null}, ${profile.family_name ?? null}, ${profile.nickname ?? null},
        ${profile.picture ?? null}, ${now}, ${now})
      ON CONFLICT (connection_id, external_id) DO UPDATE SET email = EXCLUDED.email, username = EXCLUDED.username, phone_number = EXCLUDED.phone_number,
        email_verified = EXCLUDED.email_verified, name = EXCLUDED.name, given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name,
        nickname = EXCLUDED.nickname, picture = EXCLUDED.picture, updated_at = EXCLUDED.updated_at
      RETURNING id, blocked`,
  );
  const { rows } = await upsert.catch((error: unknown) => {
    // Our copy of another user still has this identifier (the store moved it): the store's data disagrees with itself.
    if (isUniqueViolation(error)) throw new CustomStoreError("malformed", "get_user", "another user of this connection has this identifier");
    throw error;
  });
  const row = rows[0] as { id: string; blocked: boolean };
  return { id: row.id, blocked: row.blocked };
}

function identityOf(input: Identity): Identity {
  return Object.fromEntries(IDENTIFIER_TYPES.flatMap((type) => (input[type] === undefined ? [] : [[type, input[type]]])));
}

/** The store created someone else than asked (another identifier): a configuration error, not a user. */
function sameIdentity(created: StoreProfile, identity: Identity): StoreProfile & Identity {
  for (const type of IDENTIFIER_TYPES) {
    const asked = identity[type];
    if (asked !== undefined && created[type] !== undefined && created[type] !== asked) {
      throw new CustomStoreError("malformed", "create", `the created profile has another ${type}`);
    }
  }
  return { ...created, ...identity };
}

/** user_metadata stays ours: the store gets the standard claims only. */
function withoutMetadata(profile: UserProfile | undefined): Omit<UserProfile, "user_metadata"> {
  const { user_metadata: _metadata, ...claims } = profile ?? {};
  return claims;
}
