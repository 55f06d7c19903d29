import { z } from "zod";
import { ApiError } from "../api/http";
import { checkpointSchema, fieldsSchema, offsetAnswer, offsetWindow, pageSchema, withFields } from "../api/lists";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

// Tenant logs in the Management API's shape (Auth0's GET /api/v2/logs): newest first by default,
// by offset pages or by checkpoints (`from` a log_id, `take`), filtered with a small subset of Auth0's Lucene `q`: `field:value` terms joined by
// AND, for type, user_id, client_id, connection and ip, and `date:[from TO to]` (ISO dates or
// `*`). Events never carry secrets: the writers (lib/logs/events.ts) only pass safe details.

export const logQuerySchema = z
  .object({
    ...pageSchema,
    ...checkpointSchema,
    ...fieldsSchema,
    q: z.string().max(1000).optional(),
    /** The name node-auth0 v7 gives `q`. */
    search: z.string().max(1000).optional(),
    sort: z.enum(["date:-1", "date:1"]).default("date:-1"),
  })
  .strict();

type EventRow = Prisma.LogEventGetPayload<object>;

async function logView(rows: EventRow[]) {
  const clientIds = [...new Set(rows.flatMap((r) => (r.clientId ? [r.clientId] : [])))];
  const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const [clients, users] = await Promise.all([
    db().client.findMany({ where: { clientId: { in: clientIds } }, select: { clientId: true, name: true } }),
    db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
  ]);
  const clientName = new Map(clients.map((c) => [c.clientId, c.name]));
  const userName = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    log_id: r.id,
    date: r.date.toISOString(),
    type: r.type,
    description: r.description ?? undefined,
    client_id: r.clientId ?? undefined,
    client_name: r.clientId ? clientName.get(r.clientId) : undefined,
    connection: r.connection ?? undefined,
    user_id: r.userId ?? undefined,
    user_name: r.userId ? userName.get(r.userId) : undefined,
    ip: r.ip ?? undefined,
    user_agent: r.userAgent ?? undefined,
    details: r.details ?? undefined,
  }));
}

export async function listLogs(query: z.infer<typeof logQuerySchema>) {
  if (query.q !== undefined && query.search !== undefined) throw new ApiError("invalid_query_string", "q and search are one filter: send one of them");
  const filter = parseQuery(query.q ?? query.search);
  const newestFirst = query.sort === "date:-1";
  const orderBy = [{ date: newestFirst ? ("desc" as const) : ("asc" as const) }, { id: "asc" as const }];
  if (query.from !== undefined || query.take !== undefined) {
    const take = query.take ?? 50;
    let where: Prisma.LogEventWhereInput = filter;
    if (query.from !== undefined) {
      const from = await db().logEvent.findUnique({ where: { id: query.from }, select: { id: true, date: true } });
      if (!from) throw new ApiError("invalid_query_string", "from: no log event has this log_id");
      const beyond = newestFirst ? { lt: from.date } : { gt: from.date };
      where = { AND: [filter, { OR: [{ date: beyond }, { date: from.date, id: { gte: from.id } }] }] };
    }
    const rows = await db().logEvent.findMany({ where, orderBy, take: take + 1 });
    const logs = withFields(await logView(rows.slice(0, take)), query);
    const next = rows.at(take)?.id;
    return next === undefined ? { logs } : { logs, next };
  }
  const { skip, take } = offsetWindow(query);
  const [rows, total] = await Promise.all([
    db().logEvent.findMany({ where: filter, orderBy, skip, take }),
    query.include_totals ? db().logEvent.count({ where: filter }) : 0,
  ]);
  return offsetAnswer("logs", query, withFields(await logView(rows), query), () => total);
}

export async function getLog(id: string) {
  const row = await db().logEvent.findUnique({ where: { id } });
  if (!row) throw new ApiError("not_found", "The log event does not exist");
  return (await logView([row]))[0];
}

const FIELDS = { type: "type", user_id: "userId", client_id: "clientId", connection: "connection", ip: "ip" } as const;

/** The Prisma filter for a `q` such as `type:s AND user_id:"abc" AND date:[2026-01-01 TO *]`. */
export function parseQuery(q: string | undefined): Prisma.LogEventWhereInput {
  const query = q?.trim() ?? "";
  const terms = query ? query.split(/\s+AND\s+/i) : [];
  const and: Prisma.LogEventWhereInput[] = terms.map((term) => {
    const range = /^date:\[(\S+) TO (\S+)\]$/i.exec(term);
    if (range) return { date: { ...bound("gte", range[1]), ...bound("lte", range[2]) } };
    const match: (string | undefined)[] | null = /^([a-z_]+):(?:"([^"]*)"|([^\s"]+))$/.exec(term);
    const field = match && FIELDS[match[1] as keyof typeof FIELDS];
    if (!match || !field) {
      throw new ApiError(
        "invalid_query_string",
        `Cannot read "${term}": use field:value joined by AND (fields: ${Object.keys(FIELDS).join(", ")}, date:[from TO to])`,
      );
    }
    return { [field]: match[2] ?? match[3] };
  });
  return { AND: and };
}

function bound(op: "gte" | "lte", value: string) {
  if (value === "*") return {};
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1970 || year > 9999) throw new ApiError("invalid_query_string", `Not a date between 1970 and 9999: ${value}`);
  return { [op]: date };
}
