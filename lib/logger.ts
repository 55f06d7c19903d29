import pino from "pino";

// Structured logs. Redaction is a second line of defence: secrets are never passed in the first place.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: ["password", "*.password", "client_secret", "*.client_secret", "authorization", "*.authorization", "cookie", "*.cookie"],
});
