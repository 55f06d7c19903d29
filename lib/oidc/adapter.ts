import type { Adapter, AdapterPayload } from "oidc-provider";
import { db, isDataException, runSql } from "../db";
import { at, jsonb, sql, type SqlFragment } from "../sql";
import { commitNow, recall, recallAll, remember, write } from "../unit-of-work";
import { clientMetadata } from "./clients";

// oidc-provider stores its sessions, interactions, codes, tokens and grants through this adapter,
// all in one table keyed by (type, id). Clients are read from the Client table instead.
//
// Within a request's unit of work (lib/unit-of-work.ts) the provider's writes are queued and
// committed with the request's other writes in one statement; reads of a row written or read
// earlier in the same request are answered from the unit, so the provider still reads its writes.

const grantable = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

/** A row as the unit remembers it; null once destroyed. Times in epoch ms. */
type Row = { payload: AdapterPayload; expiresAt: number | null; consumedAt: number | null; queued: boolean };

const key = (type: string, id: string) => `oidc:${type}:${id}`;

export class PrismaAdapter implements Adapter {
  constructor(private readonly type: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const before = recall(key(this.type, id)) as Row | null | undefined;
    const row: Row = { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null, consumedAt: before?.consumedAt ?? null, queued: true };
    remember(key(this.type, id), row);
    await write(this.upsertStatement(id, row), key(this.type, id));
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.type === "Client") return clientMetadata(id);
    const known = recall(key(this.type, id)) as Row | null | undefined;
    if (known !== undefined) return live(known);
    const rows = await this.select(sql`o.id = ${id}`);
    if (!rows) return undefined;
    return live(rememberOidcRow(this.type, id, rows[0] as StoredRow));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findBy("userCode", userCode, sql`o.user_code = ${userCode}`);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findBy("uid", uid, sql`o.uid = ${uid}`);
  }

  async consume(id: string): Promise<void> {
    const now = Date.now();
    const known = recall(key(this.type, id)) as Row | null | undefined;
    if (known) {
      const row = { ...known, consumedAt: now };
      remember(key(this.type, id), row);
      // A row queued in this unit is written once, consumed; one read from the database is marked.
      if (known.queued) return write(this.upsertStatement(id, row), key(this.type, id));
    }
    await write(sql`UPDATE oidc_model SET consumed_at = ${at(new Date(now))} WHERE type = ${this.type} AND id = ${id}`, key(this.type, id));
  }

  async destroy(id: string): Promise<void> {
    remember(key(this.type, id), null);
    await write(sql`DELETE FROM oidc_model WHERE type = ${this.type} AND id = ${id}`, key(this.type, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Rare (logout, a reused refresh token, a deleted user) and it spans rows of every type:
    // what the unit queued goes first, then the revocation, at once.
    await commitNow();
    for (const [k, row] of recallAll<Row | null>("oidc:")) {
      if (row && row.payload.grantId === grantId) remember(k, null);
    }
    await runSql(sql`DELETE FROM oidc_model WHERE grant_id = ${grantId}`);
  }

  private upsertStatement(id: string, row: Row) {
    const { payload } = row;
    const grantId = grantable.has(this.type) ? (payload.grantId ?? null) : null;
    const expiresAt = row.expiresAt === null ? null : at(new Date(row.expiresAt));
    const consumedAt = row.consumedAt === null ? null : at(new Date(row.consumedAt));
    return sql`INSERT INTO oidc_model (id, type, payload, grant_id, user_code, uid, expires_at, consumed_at)
      VALUES (${id}, ${this.type}, ${jsonb(payload)}, ${grantId}, ${payload.userCode ?? null}, ${payload.uid ?? null}, ${expiresAt}, ${consumedAt})
      ON CONFLICT (type, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
        uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at, consumed_at = COALESCE(EXCLUDED.consumed_at, oidc_model.consumed_at)`;
  }

  private async findBy(field: "uid" | "userCode", value: string, where: SqlFragment) {
    const prefix = `oidc:${this.type}:`;
    const queued = recallAll<Row | null>(prefix).find(([, row]) => row?.payload[field] === value);
    if (queued) return live(queued[1]);
    const rows = await this.select(where);
    if (!rows) return undefined;
    const id = String(rows[0].id);
    const known = recall(key(this.type, id)) as Row | null | undefined;
    return live(known !== undefined ? known : rememberOidcRow(this.type, id, rows[0] as StoredRow));
  }

  /** Matching rows of this type, or undefined when there is none (or the value cannot be searched for). */
  private async select(where: SqlFragment) {
    try {
      const { rows } = await runSql(sql`SELECT o.id, ${OIDC_ROW_COLUMNS} FROM oidc_model o WHERE o.type = ${this.type} AND ${where} LIMIT 1`);
      return rows.length ? rows : undefined;
    } catch (error) {
      // An id the database cannot search for (a NUL character) names nothing.
      if (isDataException(error)) return undefined;
      throw error;
    }
  }
}

/** A row as `select` reads it (times in epoch ms). */
type StoredRow = { payload: unknown; expires_at: unknown; consumed_at: unknown };

/** Lets the adapter answer a read of a row the caller has already fetched (see lib/oidc/transaction.ts). */
export function rememberOidcRow(type: string, id: string, stored: StoredRow): Row {
  const row: Row = {
    payload: stored.payload as AdapterPayload,
    expiresAt: stored.expires_at === null ? null : Number(stored.expires_at),
    consumedAt: stored.consumed_at === null ? null : Number(stored.consumed_at),
    queued: false,
  };
  remember(key(type, id), row);
  return row;
}

/** The columns `rememberOidcRow` needs, for a caller's own SELECT. */
export const OIDC_ROW_COLUMNS = sql`o.payload, (extract(epoch FROM o.expires_at) * 1000)::float8 AS expires_at, (extract(epoch FROM o.consumed_at) * 1000)::float8 AS consumed_at`;

function live(row: Row | null): AdapterPayload | undefined {
  if (!row) return undefined;
  if (row.expiresAt !== null && row.expiresAt <= Date.now()) return undefined;
  return row.consumedAt !== null ? { ...row.payload, consumed: Math.floor(row.consumedAt / 1000) } : row.payload;
}

/** Expired rows are useless to the provider; removed from time to time by the server. */
export async function purgeExpiredOidcRows(): Promise<number> {
  const { count } = await db().oidcModel.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
