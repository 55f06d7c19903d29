import type Provider from "oidc-provider";

// server.ts creates the provider and Next.js code reaches it here. They are separate copies of
// lib/ in one process (Next bundles its own), so the instance travels on globalThis.

const key = "__pulProvider";

export function setProvider(provider: Provider): void {
  (globalThis as Record<string, unknown>)[key] = provider;
}

export function provider(): Provider {
  const instance = (globalThis as Record<string, unknown>)[key] as Provider | undefined;
  if (!instance) throw new Error("The OIDC provider is not running: start the service with server.ts");
  return instance;
}
