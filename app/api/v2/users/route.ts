import { json, parseInput, queryOf } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { listUsers, userListSchema } from "@/lib/management/users";

export async function GET(request: Request) {
  return endpoint(request, "read:users", async () => json(await listUsers(parseInput(userListSchema, queryOf(request)))));
}
