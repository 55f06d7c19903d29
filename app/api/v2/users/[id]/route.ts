import { json, noContent } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { deleteUser, getUser } from "@/lib/management/users";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return endpoint(request, "read:users", async () => json(await getUser((await params).id)));
}

export async function DELETE(request: Request, { params }: Context) {
  return endpoint(request, "delete:users", async () => {
    await deleteUser((await params).id);
    return noContent();
  });
}
