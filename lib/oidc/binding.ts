import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// The cookie that binds a login transaction to the browser that started it (txn_<uid>) holds a
// random nonce and a MAC over the transaction's uid and that nonce, made with the tenant's cookie
// keys: the pages accept a `state` only from a browser holding a value this server made for it.
// Stateless: any instance with the same keys checks it. The keys are handed over once, when the
// provider is created, and kept on globalThis (the pages' bundle is another copy of this module).

const holder: { keys?: string[] } = ((globalThis as { __pulBindingKeys?: { keys?: string[] } }).__pulBindingKeys ??= {});

export function setBindingKeys(keys: string[]): void {
  if (keys.length === 0) throw new Error("no cookie keys to sign the transaction binding with");
  holder.keys = keys;
}

const mac = (key: string, uid: string, nonce: string) => createHmac("sha256", key).update(`${uid}.${nonce}`).digest("base64url");

function keys(): string[] {
  if (!holder.keys) throw new Error("the provider has not been created: no keys for the transaction binding");
  return holder.keys;
}

/** A fresh binding value for transaction `uid`, signed with the first (current) key. */
export function newBinding(uid: string): string {
  const nonce = randomBytes(16).toString("base64url");
  return `${nonce}.${mac(keys()[0], uid, nonce)}`;
}

/** Whether `value` is a binding this service made for `uid` (with any of its keys, for rotation). */
export function bindingHolds(uid: string, value: string | undefined): boolean {
  const parts = (value ?? "").split(".");
  if (parts.length !== 2) return false;
  const [nonce, presented] = parts as [string, string];
  if (!nonce || !presented) return false;
  const given = Buffer.from(presented);
  return keys().some((key) => {
    const expected = Buffer.from(mac(key, uid, nonce));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
