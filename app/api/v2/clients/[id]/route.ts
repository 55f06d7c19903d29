import { json, noContent, readJson } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { clientPatchSchema, deleteClient, getClient, updateClient } from "@/lib/management/clients";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return endpoint(request, "read:clients", async () => json(await getClient((await params).id)));
}

export async function PATCH(request: Request, { params }: Context) {
  return endpoint(request, "update:clients", async () => json(await updateClient((await params).id, await readJson(request, clientPatchSchema))));
}

export async function DELETE(request: Request, { params }: Context) {
  return endpoint(request, "delete:clients", async () => {
    await deleteClient((await params).id);
    return noContent();
  });
}
