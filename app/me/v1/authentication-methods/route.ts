import { listAuthenticationMethods, startEnrollment } from "@/lib/my-account/authentication-methods";

export const GET = listAuthenticationMethods;
export const POST = startEnrollment;
