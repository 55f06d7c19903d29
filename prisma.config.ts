import { defineConfig } from "prisma/config";

// Prisma 7 reads the datasource here. Only `prisma generate` is used on this project (migrations
// are applied by scripts/db-migrate.ts), so the URL is informational.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
