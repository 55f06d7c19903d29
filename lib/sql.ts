// SQL statements as values: `sql` builds one from a template (every interpolated value becomes a
// $n parameter, never text), fragments nest, and `together` turns several writes into one
// statement, so they cost one round trip and commit or fail as one.
//
//   const insert = sql`INSERT INTO log_event (id, type) VALUES (${id}, ${type})`;
//   await runSql(together([insert, sql`UPDATE "user" SET last_login_at = ${at} WHERE id = ${userId}`]));
//
// Conventions for the statements built with it (the drivers differ in how they read some types):
// - times are passed from JS as ISO text cast to ::timestamp(3) (UTC wall time, as Prisma stores
//   them), never SQL now(): the server's clock is the one tests move;
// - JSON is passed as text cast to ::jsonb, bigints as text cast to ::bigint;
// - results read back only text, booleans, numbers, arrays and JSON.

// Recognised by a registered symbol, not by instanceof: server.ts and Next's bundle each load a
// copy of this module, and a fragment built by one may be spliced into a statement by the other.
const FRAGMENT = Symbol.for("passkey-universal-login.sql-fragment");

function isFragment(value: unknown): value is SqlFragment {
  return typeof value === "object" && value !== null && (value as { [FRAGMENT]?: true })[FRAGMENT] === true;
}

export class SqlFragment {
  readonly [FRAGMENT] = true;

  constructor(
    readonly parts: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The text with $1…$n placeholders and the values in order. */
  render(): { text: string; values: unknown[] } {
    let text = this.parts[0];
    for (let i = 1; i < this.parts.length; i++) text += `$${i}${this.parts[i]}`;
    return { text, values: [...this.values] };
  }
}

/** A statement or part of one; values (and nested fragments) are interpolated safely. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const parts: string[] = [strings[0]];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      // Splice the fragment in: its first part joins the current one, its values follow ours.
      parts[parts.length - 1] += value.parts[0];
      parts.push(...value.parts.slice(1));
      params.push(...value.values);
      parts[parts.length - 1] += strings[i + 1];
    } else {
      params.push(value);
      parts.push(strings[i + 1]);
    }
  });
  return new SqlFragment(parts, params);
}

/** Fragments joined by `separator` (for VALUES lists, IN lists, CTE members). */
export function join(fragments: SqlFragment[], separator = ", "): SqlFragment {
  if (fragments.length === 0) return sql``;
  return fragments.slice(1).reduce((all, next) => sql`${all}${raw(separator)}${next}`, fragments[0]);
}

/** Trusted text (identifiers, separators written in code), never user input. */
export function raw(text: string): SqlFragment {
  return new SqlFragment([text], []);
}

/**
 * Several data-modifying statements as one (`WITH w0 AS (…), w1 AS (…) SELECT 1`): one round
 * trip, one snapshot, all or nothing. They must not touch the same row (PostgreSQL applies only
 * one of two changes to a row within one statement), and none sees the others' effects.
 */
export function together(writes: SqlFragment[]): SqlFragment {
  if (writes.length === 1) return writes[0];
  return sql`WITH ${join(writes.map((w, i) => sql`${raw(`w${i}`)} AS (${w})`))} SELECT 1`;
}

/** A JS time as the timestamp(3) Prisma would store (UTC wall time). */
export function at(date: Date): SqlFragment {
  return sql`${date.toISOString()}::timestamp(3)`;
}

/** A JSON value as jsonb. */
export function jsonb(value: unknown): SqlFragment {
  return sql`${JSON.stringify(value)}::jsonb`;
}
