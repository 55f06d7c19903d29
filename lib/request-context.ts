import { AsyncLocalStorage } from "node:async_hooks";
import type { Site } from "./sites";
import type { Unit } from "./unit-of-work";

// What a request carries down every call it makes, without passing it: the site it is addressed to
// (lib/sites.ts) and its unit of work (lib/unit-of-work.ts). One AsyncLocalStorage for both: each
// one more would be copied onto every promise the request makes.
// On globalThis: server.ts and Next's bundle each load a copy of this module, and a server action
// (Next's copy) calls the provider's adapter (server.ts's copy) in one request.

export type RequestContext = { site?: Site; unit?: Unit };

const storage: AsyncLocalStorage<RequestContext> = ((globalThis as { __pulRequest?: AsyncLocalStorage<RequestContext> }).__pulRequest ??=
  new AsyncLocalStorage<RequestContext>());

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` with `change` added to the current context. */
export function withContext<T>(change: RequestContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...change }, work);
}
