// A customer's user store for tests: a real HTTP server on loopback that answers the custom
// database calls (lib/users/custom-store.ts) from users kept in memory, checks the shared secret,
// and can be told to misbehave the way real stores do (slow, 5xx, redirects, bad JSON, no user_id).
//
//   const store = await startUserStore({ secret });
//   store.users.set("u-1", { user_id: "u-1", email: "ada@example.com", password: "…" });
//   store.misbehave("get_user", { delayMs: 10_000 });     // the next get_user calls time out
//   await store.close();

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type StoredUser = { user_id: string; password?: string } & Record<string, unknown>;
export type Call = "get_user" | "create" | "login";
/** What a call answers instead of its normal answer (every field optional). */
export type Misbehaviour = { delayMs?: number; status?: number; body?: string; headers?: Record<string, string> };

export type UserStore = {
  baseUrl: string;
  users: Map<string, StoredUser>;
  /** Calls received, in order: what a test counts (one Get User per login). */
  calls: { call: Call; path: string; body?: unknown; authorization?: string }[];
  misbehave(call: Call, how: Misbehaviour | undefined): void;
  close(): Promise<void>;
};

export async function startUserStore(options: { secret: string }): Promise<UserStore> {
  const users = new Map<string, StoredUser>();
  const calls: UserStore["calls"] = [];
  const failures = new Map<Call, Misbehaviour>();
  const publicProfile = ({ password: _password, ...profile }: StoredUser) => profile;
  const find = (identifier: string, type: string) => [...users.values()].find((u) => (type === "user_id" ? u.user_id : u[type]) === identifier);

  /** The store's normal answer to a call that passed the secret check. */
  function respond(call: Call, url: URL, input: Record<string, unknown>): [number, unknown] {
    if (call === "get_user") {
      const user = find(decodeURIComponent(url.pathname.slice("/get_user/".length)), url.searchParams.get("type") ?? "email");
      return user ? [200, publicProfile(user)] : [404, { error: "not found" }];
    }
    if (call === "create") {
      const taken = (["email", "username", "phone_number"] as const).some((type) => typeof input[type] === "string" && find(input[type], type));
      if (taken) return [409, { error: "exists" }];
      const user: StoredUser = { ...input, user_id: `ext-${users.size + 1}-${Math.random().toString(36).slice(2, 8)}` };
      users.set(user.user_id, user);
      return [201, publicProfile(user)];
    }
    const user = find(String(input.identifier), String(input.type));
    if (!user || user.password === undefined || user.password !== input.password) return [401, { error: "wrong credentials" }];
    return [200, publicProfile(user)];
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://store");
      const call: Call | undefined = url.pathname.startsWith("/get_user/")
        ? "get_user"
        : url.pathname === "/create"
          ? "create"
          : url.pathname === "/login"
            ? "login"
            : undefined;
      const body = req.method === "POST" ? await readJson(req) : undefined;
      if (call) calls.push({ call, path: url.pathname + url.search, body, authorization: req.headers.authorization });
      const failure = call && failures.get(call);
      if (failure && req.headers.authorization === `Bearer ${options.secret}`) {
        if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
        if (!res.destroyed) res.writeHead(failure.status ?? 200, { "content-type": "application/json", ...failure.headers }).end(failure.body ?? "");
        return;
      }
      const [status, answer] = !call
        ? [404, { error: "no such call" }]
        : req.headers.authorization !== `Bearer ${options.secret}`
          ? [401, { error: "wrong secret" }]
          : respond(call, url, (body ?? {}) as Record<string, unknown>);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    users,
    calls,
    misbehave(call, how) {
      if (how) failures.set(call, how);
      else failures.delete(call);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    return undefined;
  }
}
