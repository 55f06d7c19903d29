import { endpoint, json } from "@/lib/management/http";
import { listConnections } from "@/lib/management/connections";

export async function GET(request: Request) {
  return endpoint(request, "read:connections", async () => json(await listConnections()));
}
