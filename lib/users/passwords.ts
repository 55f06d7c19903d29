import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm) with OWASP's recommended minimum cost.
const COST = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, COST);
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown user, or a user without a
 * password) it verifies against a dummy hash anyway, so failures take the same time either way.
 */
export async function passwordMatches(stored: string | undefined, password: string): Promise<boolean> {
  dummy ??= hashPassword("not the password of anyone");
  const target = stored ?? (await dummy);
  const ok = await verify(target, password).catch(() => false);
  return ok && stored !== undefined;
}

export type PasswordProblem = "too_short" | "too_long";

export function passwordProblem(password: string, minLength: number): PasswordProblem | undefined {
  if (password.length < minLength) return "too_short";
  if (password.length > PASSWORD_MAX_LENGTH) return "too_long";
  return undefined;
}

/** The APIs' sentence for a password the connection's rules refuse, or undefined when they accept it. */
export function passwordRuleBroken(password: string, minLength: number): string | undefined {
  const problem = passwordProblem(password, minLength);
  if (!problem) return undefined;
  return problem === "too_short" ? `password: at least ${minLength} characters` : `password: at most ${PASSWORD_MAX_LENGTH} characters`;
}
