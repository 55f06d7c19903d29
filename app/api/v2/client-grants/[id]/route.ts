import { noContent } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { deleteClientGrant } from "@/lib/management/client-grants";

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return endpoint(request, "delete:client_grants", async () => {
    await deleteClientGrant((await params).id);
    return noContent();
  });
}
