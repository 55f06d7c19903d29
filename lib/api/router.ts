import { ApiError, apiRoute } from "./http";

// The router of the JSON APIs. server.ts hands it their requests before Next.js, whose request
// pipeline (middleware, app router, stream conversions) costs more CPU than a whole native
// passkey login should. Routes are data: a method, a path of exact segments and `:name`
// parameters, and a `(Request, params) => Promise<Response>` handler. The router adds what
// every answer gets: JSON errors (404 unknown path, 405 other method, 400 unreadable parameter,
// 500 for a handler that throws, through apiRoute), HEAD and OPTIONS, and the security headers.

export type Params = Record<string, string>;
/** Answers with a Response of its own making (json(), noContent(), new Response): the router adds headers to it. */
export type Handler = (request: Request, params: Params) => Promise<Response>;
export type Route = { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS"; path: string; handler: Handler };

export type Router = {
  /** Whether `pathname` is the router's: a route's path, or anything under one of its prefixes. */
  serves(pathname: string): boolean;
  /** The answer to a request for one of its paths (a JSON 404 for any other). */
  answer(request: Request): Promise<Response>;
};

// JSON is never a page: it may load nothing, be framed by no one, and name no referrer.
const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
};

/** One path of the table with the handler of each of its methods. */
type Endpoint = { segments: string[]; handlers: Map<string, Handler>; allow: string };

/**
 * A router for `routes`. Paths under `prefixes` (such as "/api/v2/") are the router's even when
 * no route matches, so a typo gets a JSON 404 rather than an HTML page.
 */
export function createRouter({ prefixes, routes }: { prefixes: string[]; routes: Route[] }): Router {
  const endpoints = new Map<string, Endpoint>();
  for (const { method, path, handler } of routes) {
    const endpoint = endpoints.get(path) ?? { segments: path.split("/"), handlers: new Map(), allow: "" };
    if (endpoint.handlers.has(method)) throw new Error(`two routes for ${method} ${path}`);
    endpoint.handlers.set(method, handler);
    endpoints.set(path, endpoint);
  }
  for (const endpoint of endpoints.values()) endpoint.allow = allowed(endpoint.handlers);
  const table = [...endpoints.values()];

  const find = (pathname: string) => {
    const segments = pathname.split("/");
    for (const endpoint of table) {
      const values = matchSegments(endpoint.segments, segments);
      if (values) return { endpoint, values };
    }
    return undefined;
  };

  return {
    serves: (pathname) => find(pathname) !== undefined || prefixes.some((prefix) => pathname.startsWith(prefix)),
    async answer(request) {
      const { pathname } = new URL(request.url);
      let response = await apiRoute(async () => {
        const found = find(pathname);
        if (!found) throw new ApiError("not_found", `There is no endpoint at ${pathname}`);
        return dispatch(request, found.endpoint, found.values);
      }, request);
      if (request.method === "HEAD") response = withoutBody(response);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
      return response;
    },
  };
}

async function dispatch(request: Request, endpoint: Endpoint, values: Params): Promise<Response> {
  const { method } = request;
  const handler = endpoint.handlers.get(method) ?? (method === "HEAD" ? endpoint.handlers.get("GET") : undefined);
  if (handler) return handler(request, decodeParams(values));
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: endpoint.allow } });
  throw new ApiError("method_not_allowed", `${method} is not allowed here; allowed: ${endpoint.allow}`, { Allow: endpoint.allow });
}

/** The raw values of the `:name` segments of `pattern` in `segments`, or undefined when they do not match. */
function matchSegments(pattern: string[], segments: string[]): Params | undefined {
  if (pattern.length !== segments.length) return undefined;
  const values: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i];
    const actual = segments[i];
    if (expected.startsWith(":")) {
      if (!actual) return undefined; // an empty segment is no id
      values[expected.slice(1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return values;
}

/** Parameters percent-decoded; one that is not valid percent-encoding is the caller's mistake (400). */
function decodeParams(values: Params): Params {
  const params: Params = {};
  for (const [name, value] of Object.entries(values)) {
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw new ApiError("invalid_request", `The path segment for ${name} is not valid percent-encoding`);
    }
  }
  return params;
}

/** The Allow header of an endpoint: its methods, HEAD wherever GET is, and OPTIONS. */
function allowed(handlers: Map<string, Handler>): string {
  const methods = new Set([...handlers.keys(), "OPTIONS"]);
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort().join(", ");
}

/** A HEAD answer: the GET answer's status and headers, without its body (as GET would answer it). */
function withoutBody(response: Response): Response {
  void response.body?.cancel();
  return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
}
