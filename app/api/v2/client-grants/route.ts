import { json, parseInput, queryOf, readJson } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { clientGrantCreateSchema, clientGrantQuerySchema, createClientGrant, listClientGrants } from "@/lib/management/client-grants";

export async function GET(request: Request) {
  return endpoint(request, "read:client_grants", async () => json(await listClientGrants(parseInput(clientGrantQuerySchema, queryOf(request)))));
}

export async function POST(request: Request) {
  return endpoint(request, "create:client_grants", async () => json(await createClientGrant(await readJson(request, clientGrantCreateSchema)), 201));
}
