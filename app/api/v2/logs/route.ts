import { json, parseInput, queryOf } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { listLogs, logQuerySchema } from "@/lib/management/logs";

export async function GET(request: Request) {
  return endpoint(request, "read:logs", async () => json(await listLogs(parseInput(logQuerySchema, queryOf(request), "invalid_query_string"))));
}
