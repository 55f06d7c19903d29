// Measures, in one process pinned to one core (see ./ceilings.ts), how fast the building blocks
// of a passkey login can go at best, and prints them as one JSON line:
//   p256VerifyPerSec                  node:crypto ECDSA P-256/SHA-256 verifications (the assertion signature)
//   verifyAuthenticationResponsePerSec @simplewebauthn/server's whole assertion check (CBOR, hashes, verify)
//   es256SignPerSec / rs256SignPerSec  jose SignJWT signatures (an ID token's cost: ES256 vs RS256-2048)
// Each is measured for ~1.5 s after a short warm-up; inputs are made once and reused.

import { createSign, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from "@simplewebauthn/server";
import { SignJWT, importPKCS8 } from "jose";
import { SoftAuthenticator } from "../../lib/testing/soft-authenticator.ts";

const WARMUP_MS = Number(process.env.CEILINGS_WARMUP_MS ?? 300);
const MEASURE_MS = Number(process.env.CEILINGS_MEASURE_MS ?? 1500);
/** Calls kept in flight for the async measurements (WebCrypto work runs on libuv's pool). */
const IN_FLIGHT = Number(process.env.CEILINGS_IN_FLIGHT ?? 1);

function rateSync(fn: () => void): number {
  const loop = (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now < end) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
      now = performance.now();
    }
    return (n / (now - start)) * 1000;
  };
  loop(WARMUP_MS);
  return loop(MEASURE_MS);
}

async function rateAsync(fn: () => Promise<unknown>): Promise<number> {
  const loop = async (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    const start = performance.now();
    let now = start;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (now < end) {
          await fn();
          n++;
          now = performance.now();
        }
      }),
    );
    return (n / (now - start)) * 1000;
  };
  await loop(WARMUP_MS);
  return loop(MEASURE_MS);
}

// --- P-256 ECDSA verify (node:crypto) ---
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const signed = randomBytes(37 + 32); // authenticatorData || sha256(clientDataJSON)
const ecSig = createSign("sha256").update(signed).sign(ec.privateKey);
if (!verify("sha256", signed, ec.publicKey, ecSig)) throw new Error("P-256 self-check failed");
const p256VerifyPerSec = rateSync(() => {
  verify("sha256", signed, ec.publicKey, ecSig);
});

// --- verifyAuthenticationResponse (@simplewebauthn/server) ---
const origin = "http://localhost:3000";
const rpID = "localhost";
const authenticator = new SoftAuthenticator();
const creation = await generateRegistrationOptions({
  rpName: "ceilings",
  rpID,
  userName: "ceilings@bench.test",
  attestationType: "none",
  authenticatorSelection: { residentKey: "required", userVerification: "required" },
});
const registration = await verifyRegistrationResponse({
  response: authenticator.register(creation, { origin }),
  expectedChallenge: creation.challenge,
  expectedOrigin: origin,
  expectedRPID: rpID,
  requireUserVerification: true,
});
if (!registration.verified) throw new Error("registration self-check failed");
const credential = registration.registrationInfo.credential;
const request = await generateAuthenticationOptions({ rpID, userVerification: "required" });
const assertion = authenticator.authenticate(request, { origin });
const verifyAssertion = () =>
  verifyAuthenticationResponse({
    response: assertion,
    expectedChallenge: request.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: { ...credential, counter: 0 },
    requireUserVerification: true,
  });
if (!(await verifyAssertion()).verified) throw new Error("assertion self-check failed");
const verifyAuthenticationResponsePerSec = await rateAsync(verifyAssertion);

// --- JWT signatures (jose) ---
const payload = { sub: "user-0123456789", sid: "session-0123456789", amr: ["hwk", "user"], acr: "phr" };
async function jwtRate(alg: "ES256" | "RS256"): Promise<number> {
  const pair = alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = await importPKCS8(pair.privateKey.export({ format: "pem", type: "pkcs8" }).toString(), alg);
  return rateAsync(() =>
    new SignJWT(payload)
      .setProtectedHeader({ alg, kid: "k1" })
      .setIssuer("http://localhost:3000")
      .setAudience("bench-client")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(key),
  );
}
const es256SignPerSec = await jwtRate("ES256");
const rs256SignPerSec = await jwtRate("RS256");

const round = (n: number) => Math.round(n);
process.stdout.write(
  JSON.stringify({
    p256VerifyPerSec: round(p256VerifyPerSec),
    verifyAuthenticationResponsePerSec: round(verifyAuthenticationResponsePerSec),
    es256SignPerSec: round(es256SignPerSec),
    rs256SignPerSec: round(rs256SignPerSec),
  }) + "\n",
);
