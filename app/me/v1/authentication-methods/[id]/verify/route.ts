import { verifyEnrollment } from "@/lib/my-account/authentication-methods";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return verifyEnrollment(request, (await params).id);
}
