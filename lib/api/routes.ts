import { withCors } from "./cors";
import { changePasswordSchema, databaseChangePassword, databaseSignup, databaseSignupSchema } from "../dbconnections";
import { appleAppSiteAssociation, assetLinks } from "../apps/mobile";
import { passkeyEndpoints } from "../account/passkey-endpoints";
import { relatedOriginsFile } from "../webauthn/related-origins";
import {
  deleteAuthenticationMethod,
  getAuthenticationMethod,
  listAuthenticationMethods,
  renameAuthenticationMethod,
  startEnrollment,
  verifyEnrollment,
  enrollSchema,
  renameSchema,
  verifySchema,
} from "../my-account/authentication-methods";
import type { MyAccountScope } from "../my-account/auth";
import { challengeSchema, passkeyChallenge, passkeyRegister, registerSchema } from "../native/challenges";
import { endpoint } from "./endpoint";
import { managementRoutes } from "./management-routes";
import { json } from "./http";
import { createRouter, type Route, type Router } from "./router";

// Every JSON endpoint of the service, in one table (server.ts serves it before Next.js; see
// docs/architecture.md; the Management API's part is lib/api/management-routes.ts), each declared the same way (lib/api/endpoint.ts): who may call it, the
// body and query it takes, and a line that hands them to lib/, where the work is.

const ASSOCIATION_FILE = { "Cache-Control": "public, max-age=300" };

const me = (scope: MyAccountScope) => ({ audience: "me" as const, scope });
const open = { audience: "public" as const };

const routes: Route[] = [
  // Native passkey API (Auth0's): WebAuthn options and an auth_session, redeemed at /oauth/token.
  { method: "POST", path: "/passkey/register", handler: endpoint({ ...open, body: registerSchema }, ({ request, body }) => passkeyRegister(request, body)) },
  // Database connections (Auth0's Authentication API)
  {
    method: "POST",
    path: "/dbconnections/signup",
    handler: endpoint({ ...open, body: databaseSignupSchema }, ({ request, body }) => databaseSignup(request, body)),
  },
  {
    method: "POST",
    path: "/dbconnections/change_password",
    handler: endpoint({ ...open, body: changePasswordSchema }, ({ request, body }) => databaseChangePassword(request, body)),
  },
  { method: "POST", path: "/passkey/challenge", handler: endpoint({ ...open, body: challengeSchema }, ({ request, body }) => passkeyChallenge(request, body)) },

  // My Account API: the signed-in user's authentication methods (a user token for $ISSUER/me/).
  {
    method: "GET",
    path: "/me/v1/authentication-methods",
    handler: endpoint(me("read:me:authentication_methods"), ({ caller }) => listAuthenticationMethods(caller)),
  },
  {
    method: "POST",
    path: "/me/v1/authentication-methods",
    handler: endpoint({ ...me("create:me:authentication_methods"), body: enrollSchema }, ({ request, caller, body }) => startEnrollment(request, caller, body)),
  },
  {
    method: "GET",
    path: "/me/v1/authentication-methods/:id",
    handler: endpoint(me("read:me:authentication_methods"), ({ caller, params }) => getAuthenticationMethod(caller, params.id)),
  },
  {
    method: "PATCH",
    path: "/me/v1/authentication-methods/:id",
    handler: endpoint({ ...me("update:me:authentication_methods"), body: renameSchema }, ({ caller, params, body }) =>
      renameAuthenticationMethod(caller, params.id, body),
    ),
  },
  {
    method: "DELETE",
    path: "/me/v1/authentication-methods/:id",
    handler: endpoint(me("delete:me:authentication_methods"), ({ caller, params }) => deleteAuthenticationMethod(caller, params.id)),
  },
  {
    method: "POST",
    path: "/me/v1/authentication-methods/:id/verify",
    handler: endpoint({ ...me("create:me:authentication_methods"), body: verifySchema }, ({ request, caller, params, body }) =>
      verifyEnrollment(request, caller, params.id, body),
    ),
  },

  // Management API (lib/api/management-routes.ts)
  ...managementRoutes,

  // App association files: Apple and Google fetch them to let the registered apps use this
  // domain's passkeys. Built from the clients on every request; caches may keep them 5 minutes.
  {
    method: "GET",
    path: "/.well-known/apple-app-site-association",
    handler: endpoint(open, async () => json(await appleAppSiteAssociation(), 200, ASSOCIATION_FILE)),
  },
  { method: "GET", path: "/.well-known/assetlinks.json", handler: endpoint(open, async () => json(await assetLinks(), 200, ASSOCIATION_FILE)) },
  // WebAuthn related origins: which origins may use the RP ID of this host (lib/sites.ts).
  { method: "GET", path: "/.well-known/webauthn", handler: endpoint(open, async () => json(await relatedOriginsFile(), 200, ASSOCIATION_FILE)) },
  // For password managers: where to create and manage passkeys here (lib/account/passkey-endpoints.ts).
  { method: "GET", path: "/.well-known/passkey-endpoints", handler: endpoint(open, () => Promise.resolve(json(passkeyEndpoints(), 200, ASSOCIATION_FILE))) },
];

/** The JSON APIs: the table above, a JSON 404 for anything else under their prefixes, and CORS for browser apps (lib/api/cors.ts). */
const router = createRouter({ prefixes: ["/passkey/", "/dbconnections/", "/me/v1/", "/api/v2/"], routes });
export const apiRouter: Router = { serves: (pathname) => router.serves(pathname), answer: async (request) => withCors(request, await router.answer(request)) };

/** The router's answer to `request`, or undefined for a path that is not an API's (Next.js would answer it). */
export async function handleApiRequest(request: Request): Promise<Response | undefined> {
  return apiRouter.serves(new URL(request.url).pathname) ? apiRouter.answer(request) : undefined;
}
