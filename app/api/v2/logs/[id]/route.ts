import { json } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { getLog } from "@/lib/management/logs";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return endpoint(request, "read:logs", async () => json(await getLog((await params).id)));
}
