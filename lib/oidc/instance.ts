import type Provider from "oidc-provider";
import { currentIssuer, type Site } from "../sites";

// One OIDC provider per site (lib/sites.ts), since a provider has one issuer: the issuer's host
// and each custom domain get their own, made on the first request to it, all on the same
// storage, keys and clients. server.ts makes them and Next.js code reaches them here: they are
// separate copies of lib/ in one process (Next bundles its own), so the registry travels on globalThis.

type Running = { provider: Provider; callback: ReturnType<Provider["callback"]> };
type Registry = { create?: (site: Site) => Promise<Provider>; byIssuer: Map<string, Promise<Running>>; ready: Map<string, Provider> };

const registry: Registry = ((globalThis as { __pulProviders?: Registry }).__pulProviders ??= { byIssuer: new Map(), ready: new Map() });

/** How providers are made (server.ts and the test servers pass createProvider); forgets the ones made before. */
export function setProviderFactory(create: (site: Site) => Promise<Provider>): void {
  registry.create = create;
  registry.byIssuer.clear();
  registry.ready.clear();
}

/** The provider of `site` and its request handler, made once. */
export function runningProvider(site: Site): Promise<Running> {
  const { create } = registry;
  if (!create) throw new Error("The OIDC provider is not running: start the service with server.ts");
  let running = registry.byIssuer.get(site.issuer);
  if (!running) {
    running = create(site).then((provider) => {
      registry.ready.set(site.issuer, provider);
      return { provider, callback: provider.callback() };
    });
    running.catch(() => registry.byIssuer.delete(site.issuer)); // the next request tries again
    registry.byIssuer.set(site.issuer, running);
  }
  return running;
}

/** The provider of the request's site (made before the request was handed on). */
export function provider(): Provider {
  const instance = registry.ready.get(currentIssuer());
  if (!instance) throw new Error("The OIDC provider is not running: start the service with server.ts");
  return instance;
}
