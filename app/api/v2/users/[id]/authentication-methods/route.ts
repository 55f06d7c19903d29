import { json } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { userAuthenticationMethods } from "@/lib/management/users";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return endpoint(request, "read:authentication_methods", async () => json(await userAuthenticationMethods((await params).id)));
}
