import { config } from "../config";

// The My Account API is identified, like Auth0's, by its audience URL; a user access token for
// it carries some of these scopes (within the app's client grant for the audience).

export const myAccountAudience = () => `${config().origin}/me/`;

export const MY_ACCOUNT_SCOPES = [
  "create:me:authentication_methods",
  "read:me:authentication_methods",
  "update:me:authentication_methods",
  "delete:me:authentication_methods",
] as const;
export type MyAccountScope = (typeof MY_ACCOUNT_SCOPES)[number];
