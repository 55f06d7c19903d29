// The one catalogue of error codes: each code has one HTTP status, whatever answers with it (the
// JSON APIs, the token endpoint's extensions). Pages show the translated message of their own
// codes (lib/flows/result.ts); APIs render these in their API's shape (lib/api/http.ts).

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_body: 400,
  invalid_query_string: 400,
  unauthorized: 401,
  invalid_token: 401,
  invalid_client: 401,
  access_denied: 403,
  unauthorized_client: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  server_error: 500,
  temporarily_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The reason phrase of a status (the Management API's `error` field, as Auth0 writes it). */
export const STATUS_TEXT: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** What every answer during a database outage says (503 temporarily_unavailable, Retry-After 5). */
export const UNAVAILABLE = { description: "The service is briefly unavailable; try again in a moment", retryAfterSeconds: 5 } as const;
