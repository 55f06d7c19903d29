import { connectionPatchSchema, getConnection, updateConnection } from "@/lib/management/connections";
import { json, readJson } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return endpoint(request, "read:connections", async () => json(await getConnection((await params).id)));
}

export async function PATCH(request: Request, { params }: Context) {
  return endpoint(request, "update:connections", async () =>
    json(await updateConnection((await params).id, await readJson(request, connectionPatchSchema))),
  );
}
