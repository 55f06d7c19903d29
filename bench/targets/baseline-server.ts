// The floor: node:http + @simplewebauthn/server + in-memory Maps, no database, no sessions, no
// framework. It shows what the WebAuthn library alone costs per ceremony. Started by
// ./baseline.ts (pinned with taskset); configured by PORT.
//
//   POST /register/options {email}             -> {session, options}  (creation options)
//   POST /register/verify  {session, response} -> {verified: true, credentialId}
//   POST /login/options    {}                  -> {session, options}  (request options, discoverable)
//   POST /login/verify     {session, response} -> {token}
//   GET  /health                               -> {ok: true}

import http from "node:http";
import { randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from "@simplewebauthn/server";

const port = Number(process.env.PORT ?? 3200);
const origin = `http://localhost:${port}`;
const rpID = "localhost";

type Pending = { challenge: string; email?: string; userId?: string };
/** Challenges by session id, single use. */
const pending = new Map<string, Pending>();
/** Credentials by credential id. */
const credentials = new Map<string, WebAuthnCredential & { userId: string }>();
const users = new Map<string, string>(); // email -> user id

const newId = () => randomBytes(16).toString("base64url");

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request's parsed JSON as the handlers read it: anything the client sent, so every field is
 * checked where it is used (`response` is checked by @simplewebauthn/server's verify functions).
 */
type Body = { email?: unknown; session?: unknown; response?: unknown } | null | undefined;

async function handle(method: string, path: string, body: Body): Promise<unknown> {
  if (method === "GET" && path === "/health") return { ok: true };
  if (method !== "POST") throw new HttpError(404, "not found");

  switch (path) {
    case "/register/options": {
      const email = typeof body?.email === "string" ? body.email : "";
      if (!email) throw new HttpError(400, "email required");
      const userId = users.get(email) ?? newId();
      const options = await generateRegistrationOptions({
        rpName: "PUL benchmark (baseline)",
        rpID,
        userName: email,
        userID: Buffer.from(userId),
        attestationType: "none",
        authenticatorSelection: { residentKey: "required", userVerification: "required" },
      });
      const session = newId();
      pending.set(session, { challenge: options.challenge, email, userId });
      return { session, options };
    }
    case "/register/verify": {
      const state = take(body?.session);
      const { email, userId } = state;
      if (email === undefined || userId === undefined) throw new HttpError(400, "not a registration session");
      const verification = await verifyRegistrationResponse({
        response: body?.response as RegistrationResponseJSON,
        expectedChallenge: state.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
      });
      if (!verification.verified) throw new HttpError(400, "registration not verified");
      const { credential } = verification.registrationInfo;
      users.set(email, userId);
      credentials.set(credential.id, { ...credential, userId });
      return { verified: true, credentialId: credential.id };
    }
    case "/login/options": {
      const options = await generateAuthenticationOptions({ rpID, userVerification: "required" });
      const session = newId();
      pending.set(session, { challenge: options.challenge });
      return { session, options };
    }
    case "/login/verify": {
      const state = take(body?.session);
      const response = body?.response as AuthenticationResponseJSON | null | undefined;
      const credential = response ? credentials.get(response.id) : undefined;
      if (!response || !credential) throw new HttpError(400, "unknown credential");
      const verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: state.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential,
        requireUserVerification: true,
      });
      if (!verification.verified) throw new HttpError(400, "authentication not verified");
      credential.counter = verification.authenticationInfo.newCounter;
      return { token: randomBytes(32).toString("base64url") };
    }
  }
  throw new HttpError(404, "not found");
}

/** The pending challenge of a session, deleted as it is read (single use). */
function take(session: unknown): Pending {
  const key = typeof session === "string" ? session : "";
  const state = pending.get(key);
  if (!state) throw new HttpError(400, "unknown or used session");
  pending.delete(key);
  return state;
}

/** Answers one request whose body has been read; never rejects (every error becomes a 4xx answer). */
async function respond(req: http.IncomingMessage, res: http.ServerResponse, chunks: Buffer[]): Promise<void> {
  let status = 200;
  let payload: unknown;
  try {
    const text = Buffer.concat(chunks).toString("utf8");
    payload = await handle(req.method ?? "GET", (req.url ?? "/").split("?")[0], text ? (JSON.parse(text) as Body) : undefined);
  } catch (error) {
    status = error instanceof HttpError ? error.status : 400;
    payload = { error: error instanceof Error ? error.message : String(error) };
  }
  const json = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  // Fire and forget: the "end" listener has nothing to wait for, and respond() handles its own errors.
  req.on("end", () => void respond(req, res, chunks));
});
server.keepAliveTimeout = 65_000;
server.listen(port, () => {
  process.stdout.write(`baseline listening on ${origin} (pid ${process.pid})\n`);
});

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
