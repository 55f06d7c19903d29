import type { App } from "../rp/app";
import { DEMO_CLIENT_ID } from "../../prisma/seed-constants";

// The demo application: a stand-in for a customer's app (a public client, PKCE, no secret).
export const demoApp: App = { clientId: DEMO_CLIENT_ID, path: "/demo" };
