export const DEFAULT_CONNECTION = "Username-Password-Authentication";
export const DEMO_CLIENT_ID = "demo";
