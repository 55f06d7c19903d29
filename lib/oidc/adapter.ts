import type { Adapter, AdapterPayload } from "oidc-provider";
import { db, isDataException } from "../db";
import { clientMetadata } from "./clients";

// oidc-provider stores its sessions, interactions, codes, tokens and grants through this adapter,
// all in one table keyed by (type, id). Clients are read from the Client table instead.

const grantable = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

export class PrismaAdapter implements Adapter {
  constructor(private readonly type: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const data = {
      payload: payload as object,
      grantId: grantable.has(this.type) ? (payload.grantId ?? null) : null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt,
    };
    await db().oidcModel.upsert({
      where: { type_id: { type: this.type, id } },
      create: { id, type: this.type, ...data },
      update: data,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    try {
      if (this.type === "Client") return await clientMetadata(id);
      return live(await db().oidcModel.findUnique({ where: { type_id: { type: this.type, id } } }));
    } catch (error) {
      // An id the database cannot search for (a NUL character) names nothing.
      if (isDataException(error)) return undefined;
      throw error;
    }
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return live(await db().oidcModel.findFirst({ where: { type: this.type, userCode } }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return live(await db().oidcModel.findFirst({ where: { type: this.type, uid } }));
  }

  async consume(id: string): Promise<void> {
    await db().oidcModel.updateMany({ where: { type: this.type, id }, data: { consumedAt: new Date() } });
  }

  async destroy(id: string): Promise<void> {
    await db().oidcModel.deleteMany({ where: { type: this.type, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await db().oidcModel.deleteMany({ where: { grantId } });
  }
}

type Row = { payload: unknown; expiresAt: Date | null; consumedAt: Date | null } | null;

function live(row: Row): AdapterPayload | undefined {
  if (!row) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
}

/** Expired rows are useless to the provider; removed from time to time by the server. */
export async function purgeExpiredOidcRows(): Promise<number> {
  const { count } = await db().oidcModel.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
