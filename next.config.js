import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files; the provider is created by server.ts, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "oidc-provider", "@node-rs/argon2", "pino", "nodemailer"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Types are checked once, by `npm run typecheck` in the test command, for the whole tree.
  typescript: { ignoreBuildErrors: true },
};

export default withNextIntl(nextConfig);
