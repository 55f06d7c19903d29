import type { z } from "zod";
import { managementCaller } from "../management/auth";
import type { ManagementScope } from "../management/scopes";
import { meCaller, type Me, type MyAccountScope } from "../my-account/auth";
import type { ErrorCode } from "./errors";
import { parseInput, queryOf, readJson } from "./http";
import type { Handler, Params } from "./router";

// Every JSON endpoint is declared the same way: who may call it (its audience and scope), the
// body and query it takes (checked against their schemas), and the work. The token, the checks
// and the errors happen here, once; the router (lib/api/routes.ts) lists the endpoints.
//
//   endpoint({ audience: "management", scope: "update:connections", body: connectionPatchSchema },
//     ({ params, body }) => updateConnection(params.id, body))

type Caller<A> = A extends "management" ? { clientId: string } : A extends "me" ? Me : undefined;

type Spec<A extends "public" | "management" | "me", B, Q> = {
  /** public: the native passkey API and the association files; management: /api/v2; me: /me/v1. */
  audience: A;
  scope?: A extends "management" ? ManagementScope : A extends "me" ? MyAccountScope : never;
  /** A JSON body, read within its cap and checked (invalid_body on the Management API, invalid_request elsewhere). */
  body?: z.ZodType<B>;
  /** The query string, checked. */
  query?: z.ZodType<Q>;
  /** The code for a query the schema refuses (the logs' q: invalid_query_string). */
  queryError?: ErrorCode;
};

type Context<A, B, Q> = { request: Request; params: Params; body: B; query: Q; caller: Caller<A> };

export function endpoint<A extends "public" | "management" | "me", B = undefined, Q = undefined>(
  spec: Spec<A, B, Q>,
  run: (context: Context<A, B, Q>) => Promise<Response>,
): Handler {
  return async (request, params) => {
    // Who calls first: a bad token is a 401 whatever the body says.
    let caller: unknown;
    if (spec.audience === "management") caller = await managementCaller(request, spec.scope as ManagementScope);
    else if (spec.audience === "me") caller = await meCaller(request, spec.scope as MyAccountScope);
    const query = spec.query ? parseInput(spec.query, queryOf(request), spec.queryError ?? "invalid_request") : (undefined as Q);
    const body = spec.body ? await readJson(request, spec.body, spec.audience === "management" ? "invalid_body" : "invalid_request") : (undefined as B);
    return run({ request, params, body, query, caller: caller as Caller<A> });
  };
}
