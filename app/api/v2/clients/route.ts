import { json, readJson } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { clientCreateSchema, createClient, listClients } from "@/lib/management/clients";

export async function GET(request: Request) {
  return endpoint(request, "read:clients", async () => json(await listClients()));
}

export async function POST(request: Request) {
  return endpoint(request, "create:clients", async () => json(await createClient(await readJson(request, clientCreateSchema)), 201));
}
