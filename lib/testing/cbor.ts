// A minimal CBOR encoder (RFC 8949): unsigned and negative integers, byte strings, text strings
// and maps; enough for COSE keys and attestation objects. Map entries keep insertion order.

export type CborValue = number | string | Uint8Array | Map<number | string, CborValue>;

export function cbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  write(value, out);
  return Uint8Array.from(out);
}

const uint32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function head(major: number, length: number, out: number[]) {
  if (length < 24) out.push((major << 5) | length);
  else if (length < 0x100) out.push((major << 5) | 24, length);
  else if (length < 0x10000) out.push((major << 5) | 25, length >>> 8, length & 0xff);
  else if (length <= 0xffffffff) out.push((major << 5) | 26, ...uint32(length));
  else throw new Error("CBOR value too large for this encoder");
}

function write(value: CborValue, out: number[]) {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`CBOR: only integers are supported, got ${value}`);
    if (value >= 0) head(0, value, out);
    else head(1, -1 - value, out);
  } else if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    head(3, bytes.length, out);
    out.push(...bytes);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out);
    for (const b of value) out.push(b);
  } else {
    head(5, value.size, out);
    for (const [k, v] of value) {
      write(k, out);
      write(v, out);
    }
  }
}
