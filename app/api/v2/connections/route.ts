import { json } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { listConnections } from "@/lib/management/connections";

export async function GET(request: Request) {
  return endpoint(request, "read:connections", async () => json(await listConnections()));
}
