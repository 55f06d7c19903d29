// A software WebAuthn authenticator (ES256 on P-256, node:crypto only) for tests, benchmarks and
// native-API clients. It answers the options JSON the server hands out with the credential JSON a
// browser would send back (RegistrationResponseJSON / AuthenticationResponseJSON, base64url
// fields): attestation "none", a resident (discoverable) credential per registration, a signature
// over authenticatorData || sha256(clientDataJSON), and a counter that goes up on every assertion.
//
// Per-call overrides produce the bad responses tests need: another origin, another RP ID hash,
// flags (UV off, ...), another challenge, a tampered signature.
//
//   const authenticator = new SoftAuthenticator();
//   const attestation = authenticator.register(creationOptions, { origin: "http://localhost:3000" });
//   const assertion = authenticator.authenticate(requestOptions, { origin: "http://localhost:3000" });

import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { cbor, type CborValue } from "./cbor";

/** Authenticator data flags (WebAuthn §6.1). */
export type Flags = {
  /** User present. */
  up: boolean;
  /** User verified. */
  uv: boolean;
  /** Backup eligible (a synced, multi-device credential). */
  be: boolean;
  /** Backed up. */
  bs: boolean;
  /**
   * Attested credential data included. Left unset it follows the ceremony (on at registration,
   * off in assertions); set it to lie about what follows in authenticatorData.
   */
  at?: boolean;
};

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

const ES256 = -7;

export type SoftAuthenticatorOptions = {
  /** AAGUID reported at registration (default: all zeros, as many platform authenticators send with attestation "none"). */
  aaguid?: string;
  /** Default flags (default: UP, UV, BE and BS set: a synced passkey). */
  flags?: Partial<Flags>;
  /** Reported with the registration (default ["hybrid", "internal"], as a phone's platform authenticator). */
  transports?: string[];
  authenticatorAttachment?: "platform" | "cross-platform";
  /** Attestation statement format (default "none"; "packed" is a self-attestation signed with the credential key). */
  attestation?: "none" | "packed";
};

/** What a test can change in one ceremony to produce a response the server must refuse. */
export type CeremonyOverrides = {
  /** The origin the "browser" puts in clientDataJSON (required: where the ceremony runs). */
  origin: string;
  /** Hash this RP ID into authenticatorData instead of the one from the options. */
  rpId?: string;
  /** Put this challenge in clientDataJSON instead of the one from the options. */
  challenge?: string;
  /** Flags for this ceremony only (e.g. { uv: false }). */
  flags?: Partial<Flags>;
  /**
   * Flip a bit of the signature: the assertion signature, or at registration the signature of a
   * packed self-attestation (used instead of "none" for that response, which signs nothing).
   */
  tamperSignature?: boolean;
  /** clientDataJSON.type (default webauthn.create / webauthn.get). */
  clientDataType?: string;
};

export type AuthenticateOverrides = CeremonyOverrides & {
  /** Use this stored credential (base64url id) instead of choosing one. */
  credentialId?: string;
  /** Report this user handle (base64url) instead of the stored one; null leaves it out. */
  userHandle?: string | null;
};

export type SoftCredential = {
  /** base64url credential id. */
  id: string;
  rpId: string;
  /** base64url user handle (user.id from the creation options). */
  userHandle: string;
  userName: string;
  privateKey: KeyObject;
  /** COSE_Key bytes of the public key. */
  publicKeyCose: Uint8Array;
  signCount: number;
};

export class SoftAuthenticatorError extends Error {
  constructor(
    /** The DOMException name a browser would reject with. */
    readonly name: "InvalidStateError" | "NotAllowedError" | "NotSupportedError",
    message: string,
  ) {
    super(message);
  }
}

export class SoftAuthenticator {
  private readonly stored: SoftCredential[] = [];
  private readonly aaguid: Uint8Array;
  private readonly flags: Flags;
  private readonly transports: string[];
  private readonly attachment: "platform" | "cross-platform";
  private readonly attestation: "none" | "packed";

  constructor(options: SoftAuthenticatorOptions = {}) {
    this.aaguid = aaguidBytes(options.aaguid ?? "00000000-0000-0000-0000-000000000000");
    this.flags = { up: true, uv: true, be: true, bs: true, ...options.flags };
    this.transports = options.transports ?? ["hybrid", "internal"];
    this.attachment = options.authenticatorAttachment ?? "platform";
    this.attestation = options.attestation ?? "none";
  }

  /** The resident credentials this authenticator holds, oldest first. */
  get credentials(): readonly SoftCredential[] {
    return this.stored;
  }

  /** navigator.credentials.create(): a new resident ES256 credential, attestation "none". */
  register(options: PublicKeyCredentialCreationOptionsJSON, overrides: CeremonyOverrides): RegistrationResponseJSON {
    const rpId = options.rp.id ?? new URL(overrides.origin).hostname;
    // The options are what a server sent: the type is checked, not taken on trust.
    if (!options.pubKeyCredParams.some((p: { type: string; alg: number }) => p.type === "public-key" && p.alg === ES256)) {
      throw new SoftAuthenticatorError("NotSupportedError", "The relying party does not accept ES256");
    }
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (this.stored.some((c) => c.rpId === rpId && excluded.has(c.id))) {
      throw new SoftAuthenticatorError("InvalidStateError", "This authenticator already holds a credential for this account");
    }

    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const publicKeyCose = cbor(
      new Map<number, CborValue>([
        [1, 2], // kty: EC2
        [3, ES256], // alg
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const credentialId = randomBytes(32);
    const credential: SoftCredential = {
      id: credentialId.toString("base64url"),
      rpId,
      userHandle: options.user.id,
      userName: options.user.name,
      privateKey,
      publicKeyCose,
      signCount: 0,
    };

    const flags = { ...this.flags, ...overrides.flags };
    const authData = concat(
      sha256(overrides.rpId ?? rpId),
      Uint8Array.of(flagsByte({ at: true, ...flags })),
      uint32(credential.signCount),
      this.aaguid,
      uint16(credentialId.length),
      credentialId,
      publicKeyCose,
    );
    const clientDataJSON = clientData(overrides.clientDataType ?? "webauthn.create", options.challenge, overrides);
    // "none" signs nothing, so a tampered signature needs a packed self-attestation to live in.
    const packed = this.attestation === "packed" || overrides.tamperSignature;
    let attStmt = new Map<string, CborValue>();
    if (packed) {
      const sig = sign("sha256", concat(authData, sha256(clientDataJSON)), privateKey);
      if (overrides.tamperSignature) sig[sig.length - 1] ^= 0x01; // stays valid DER
      attStmt = new Map<string, CborValue>([
        ["alg", ES256],
        ["sig", sig],
      ]);
    }
    const attestationObject = cbor(
      new Map<string, CborValue>([
        ["fmt", packed ? "packed" : "none"],
        ["attStmt", attStmt],
        ["authData", authData],
      ]),
    );

    // Kept even when the server later refuses the response, as a real authenticator does.
    this.stored.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        authenticatorData: b64url(authData),
        transports: [...this.transports],
        publicKey: b64url(publicKey.export({ format: "der", type: "spki" })),
        publicKeyAlgorithm: ES256,
      },
      authenticatorAttachment: this.attachment,
      clientExtensionResults: options.extensions?.credProps ? { credProps: { rk: true } } : {},
    };
  }

  /** navigator.credentials.get(): an assertion from an allowed (or any discoverable) credential. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, overrides: AuthenticateOverrides): AuthenticationResponseJSON {
    const rpId = options.rpId ?? new URL(overrides.origin).hostname;
    const credential = this.choose(rpId, options, overrides.credentialId);
    credential.signCount += 1;

    const flags = { ...this.flags, ...overrides.flags };
    const authData = concat(sha256(overrides.rpId ?? rpId), Uint8Array.of(flagsByte(flags)), uint32(credential.signCount));
    const clientDataJSON = clientData(overrides.clientDataType ?? "webauthn.get", options.challenge, overrides);
    // ECDSA signatures in WebAuthn are DER-encoded, which is node's default output.
    const signature = sign("sha256", concat(authData, sha256(clientDataJSON)), credential.privateKey);
    if (overrides.tamperSignature) signature[signature.length - 1] ^= 0x01; // stays valid DER

    const userHandle = overrides.userHandle === undefined ? credential.userHandle : overrides.userHandle;
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
      authenticatorAttachment: this.attachment,
      clientExtensionResults: {},
    };
  }

  private choose(rpId: string, options: PublicKeyCredentialRequestOptionsJSON, credentialId?: string): SoftCredential {
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const candidates = this.stored.filter((c) => c.rpId === rpId && (allowed.size === 0 || allowed.has(c.id)) && (!credentialId || c.id === credentialId));
    // The newest credential wins, as a platform authenticator's account picker lists it first.
    const credential = candidates.at(-1);
    if (!credential) throw new SoftAuthenticatorError("NotAllowedError", `No credential for ${rpId} on this authenticator`);
    return credential;
  }
}

function clientData(type: string, challenge: string, overrides: CeremonyOverrides): Uint8Array {
  // Same member order as browsers: type, challenge, origin, crossOrigin.
  const json = JSON.stringify({ type, challenge: overrides.challenge ?? challenge, origin: overrides.origin, crossOrigin: false });
  return new TextEncoder().encode(json);
}

function flagsByte(flags: Flags): number {
  return (flags.up ? FLAG_UP : 0) | (flags.uv ? FLAG_UV : 0) | (flags.be ? FLAG_BE : 0) | (flags.bs ? FLAG_BS : 0) | (flags.at ? FLAG_AT : 0);
}

function aaguidBytes(aaguid: string): Uint8Array {
  const hex = aaguid.replaceAll("-", "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not an AAGUID: ${aaguid}`);
  return Buffer.from(hex, "hex");
}

const sha256 = (data: string | Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const uint16 = (n: number) => Uint8Array.of(n >>> 8, n & 0xff);
const uint32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
