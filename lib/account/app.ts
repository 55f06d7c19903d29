import type { App } from "../rp/app";
import { ACCOUNT_CLIENT_ID } from "../../prisma/seed-constants";

// Account settings sign in like any application (the code flow with PKCE, against this service).
export const accountApp: App = { clientId: ACCOUNT_CLIENT_ID, path: "/u/account" };
export const ACCOUNT_SESSION_SECONDS = 3600;
export const RECENT_LOGIN_SECONDS = 600;
