import { z } from "zod";
import { ApiError } from "./http";

// Auth0's list shapes, in one place. Without paging parameters a list is a bare array (as Auth0
// answers). `page`/`per_page` with `include_totals=true` give `{ start, limit, length, total,
// <plural> }`; `from`/`take` (checkpoints, where Auth0 offers them) give `{ <plural>, next }`,
// `next` being the `from` of the following page and absent on the last one. `fields` with
// `include_fields` keeps (or drops) top-level fields of each item.

const flag = (fallback: "true" | "false") =>
  z
    .enum(["true", "false"])
    .default(fallback)
    .transform((v) => v === "true");

/** Offset pages: `page` (from 0), `per_page` (at most 100), `include_totals`. */
export const pageSchema = {
  page: z.coerce.number().int().min(0).max(10_000).optional(),
  per_page: z.coerce.number().int().min(1).max(100).optional(),
  include_totals: flag("false"),
};

/** Checkpoints: `from` (the `next` of the previous answer) and `take` (at most 100). */
export const checkpointSchema = {
  from: z.string().min(1).max(256).optional(),
  take: z.coerce.number().int().min(1).max(100).optional(),
};

/** `fields` (comma-separated) and `include_fields` (false: every field but those). */
export const fieldsSchema = {
  fields: z
    .string()
    .max(1000)
    .regex(/^[a-z_]+(,[a-z_]+)*$/, "a comma-separated list of field names")
    .optional(),
  include_fields: flag("true"),
};

export type PageQuery = { page?: number; per_page?: number; include_totals: boolean };
export type CheckpointQuery = PageQuery & { from?: string; take?: number };
export type FieldsQuery = { fields?: string; include_fields: boolean };

const DEFAULT_PER_PAGE = 50;

/** The offset window a query asks for. */
export function offsetWindow(query: PageQuery): { skip: number; take: number } {
  const take = query.per_page ?? DEFAULT_PER_PAGE;
  return { skip: (query.page ?? 0) * take, take };
}

/** One offset page of `items`, in Auth0's shape for the query. */
export function offsetAnswer<T>(key: string, query: PageQuery, items: T[], total: () => number) {
  if (!query.include_totals) return items;
  const { skip, take } = offsetWindow(query);
  return { start: skip, limit: take, length: items.length, total: total(), [key]: items };
}

/** A whole (small) ordered list answered as Auth0 would: bare, an offset page, or a checkpoint. */
export function listAnswer<T extends { id: string }>(key: string, query: CheckpointQuery, all: T[]) {
  if (query.from !== undefined || query.take !== undefined) {
    const start = query.from === undefined ? 0 : all.findIndex((item) => item.id === query.from);
    if (start < 0) throw new ApiError("invalid_query_string", "from: not a checkpoint of this list");
    const page = all.slice(start, start + (query.take ?? DEFAULT_PER_PAGE));
    const next = all.at(start + page.length)?.id;
    return next === undefined ? { [key]: page } : { [key]: page, next };
  }
  if (query.page === undefined && query.per_page === undefined && !query.include_totals) return all;
  const { skip, take } = offsetWindow(query);
  return offsetAnswer(key, query, all.slice(skip, skip + take), () => all.length);
}

/** Each item with only the fields asked for (or without them); items untouched without `fields`. */
export function withFields<T extends object>(items: T[], query: FieldsQuery): Partial<T>[] {
  if (!query.fields) return items;
  const names = new Set(query.fields.split(","));
  return items.map((item) => Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name) === query.include_fields)) as Partial<T>);
}
