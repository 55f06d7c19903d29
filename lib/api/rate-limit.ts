import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "../config";
import { requestInfoFrom } from "../logs/events";
import { ApiError } from "./http";

// Passkey challenges cost a database row each and are the first step of any guessing, so each
// IP address gets PASSKEY_API_RATE_LIMIT of them per minute. Counted in this process's memory:
// one server process serves a tenant here (a Redis store would be the choice for several).

let limiter: RateLimiterMemory | undefined;

export async function limitPasskeyChallenges(request: Request): Promise<void> {
  const points = config().passkeyApiRateLimit;
  if (limiter?.points !== points) limiter = new RateLimiterMemory({ keyPrefix: "passkey-challenge", points, duration: 60 });
  try {
    await limiter.consume(requestInfoFrom(request.headers).ip ?? "unknown");
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfter = String(Math.ceil(error.msBeforeNext / 1000));
    throw new ApiError(429, "too_many_requests", "Too many passkey challenges from this address; try again later", { "Retry-After": retryAfter });
  }
}
