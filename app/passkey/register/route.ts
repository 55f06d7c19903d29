import { passkeyRegister } from "@/lib/native/challenges";

export const POST = passkeyRegister;
