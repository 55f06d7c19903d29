import { passkeyChallenge } from "@/lib/native/challenges";

export const POST = passkeyChallenge;
