// Reads the value a Next.js server action returned from its React Flight answer
// (Content-Type: text/x-component), the way the browser's runtime does for the few row kinds an
// action's plain JSON result produces:
//
//   0:{"a":"$@1","q":"…","i":false,"b":"<build id>"}    ← row 0: the envelope; "a" points at the value
//   1:{"ok":true,"options":{…,"allowCredentials":"$undefined"}}
//
// Rows are `<hex id>:<payload>\n`; a text row is `<id>:T<hex length>,<text>` (no newline ending
// it, the length says where it stops); an error row is `<id>:E{…}`. In values, "$undefined" is
// undefined, "$@N" / "$N" refer to row N, and "$$…" is a string that begins with "$".
// Other row kinds (imports "I", hints ":H…") are skipped: an action's JSON result has none.

export class FlightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlightError";
  }
}

type Row = { kind: "json"; text: string } | { kind: "text"; text: string } | { kind: "error"; text: string } | { kind: "other"; text: string };

/** Splits a Flight payload into rows by id. */
export function flightRows(payload: string): Map<number, Row> {
  const rows = new Map<number, Row>();
  let pos = 0;
  while (pos < payload.length) {
    if (payload[pos] === "\n") {
      pos++;
      continue;
    }
    const colon = payload.indexOf(":", pos);
    if (colon < 0) break;
    const idText = payload.slice(pos, colon);
    const rest = colon + 1;
    if (payload[rest] === "T") {
      // T<hex length>,<text>: the length is in UTF-8 bytes.
      const comma = payload.indexOf(",", rest);
      const bytes = parseInt(payload.slice(rest + 1, comma), 16);
      const text = sliceUtf8(payload, comma + 1, bytes);
      if (/^[0-9a-f]+$/i.test(idText)) rows.set(parseInt(idText, 16), { kind: "text", text });
      pos = comma + 1 + text.length;
      continue;
    }
    let end = payload.indexOf("\n", rest);
    if (end < 0) end = payload.length;
    const body = payload.slice(rest, end);
    pos = end + 1;
    if (!/^[0-9a-f]+$/i.test(idText)) continue; // ":HL[…]" hints have no id
    const id = parseInt(idText, 16);
    if (body.startsWith("E")) rows.set(id, { kind: "error", text: body.slice(1) });
    else if (/^[[{"\-0-9tfn]/.test(body)) rows.set(id, { kind: "json", text: body });
    else rows.set(id, { kind: "other", text: body });
  }
  return rows;
}

function sliceUtf8(text: string, start: number, bytes: number): string {
  let end = start;
  let count = 0;
  while (count < bytes) {
    const code = text.codePointAt(end);
    if (code === undefined) break; // the end of the text
    count += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    end += code >= 0x10000 ? 2 : 1;
  }
  return text.slice(start, end);
}

/** The value a server action returned; throws FlightError when the action threw or the answer is not Flight. */
export function actionResult(payload: string): unknown {
  const rows = flightRows(payload);
  const envelope = rows.get(0);
  if (!envelope) throw new FlightError(`no row 0 in the answer: ${payload.slice(0, 200)}`);
  const resolve = makeResolver(rows);
  const top = resolve(0);
  // Next 15/16: {"a": value, "b": buildId, …}; older: [value, [buildId, …]].
  if (top && typeof top === "object" && !Array.isArray(top) && "a" in top) return top.a;
  if (Array.isArray(top)) return top[0];
  return top;
}

function makeResolver(rows: Map<number, Row>) {
  const cache = new Map<number, unknown>();
  const resolving = new Set<number>();

  const row = (id: number): unknown => {
    if (cache.has(id)) return cache.get(id);
    const found = rows.get(id);
    if (!found) throw new FlightError(`the answer refers to row ${id}, which it does not hold`);
    if (found.kind === "error") throw new FlightError(`the action failed: ${found.text.slice(0, 300)}`);
    if (found.kind === "other") throw new FlightError(`row ${id} is not a value: ${found.text.slice(0, 100)}`);
    if (resolving.has(id)) throw new FlightError(`row ${id} refers to itself`);
    resolving.add(id);
    const value = found.kind === "text" ? found.text : revive(JSON.parse(found.text));
    resolving.delete(id);
    cache.set(id, value);
    return value;
  };

  const revive = (value: unknown): unknown => {
    if (typeof value === "string") {
      if (!value.startsWith("$")) return value;
      if (value === "$undefined") return undefined;
      if (value.startsWith("$$")) return value.slice(1);
      const ref = value.match(/^\$@?([0-9a-f]+)$/i);
      if (ref) return row(parseInt(ref[1], 16));
      throw new FlightError(`unsupported Flight value ${JSON.stringify(value.slice(0, 20))}`);
    }
    if (Array.isArray(value)) return value.map(revive);
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const revived = revive(v);
        if (revived !== undefined) out[k] = revived; // as JSON.parse would leave it: absent
      }
      return out;
    }
    return value;
  };

  return row;
}
