import { deleteAuthenticationMethod, getAuthenticationMethod, renameAuthenticationMethod } from "@/lib/my-account/authentication-methods";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return getAuthenticationMethod(request, (await params).id);
}

export async function PATCH(request: Request, { params }: Context) {
  return renameAuthenticationMethod(request, (await params).id);
}

export async function DELETE(request: Request, { params }: Context) {
  return deleteAuthenticationMethod(request, (await params).id);
}
