export const DEFAULT_CONNECTION = "Username-Password-Authentication";
export const DEMO_CLIENT_ID = "demo";
export const ACCOUNT_CLIENT_ID = "account";
