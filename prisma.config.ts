import { defineConfig } from "prisma/config";

// The Prisma CLI is only used for `prisma generate` (offline; see scripts/prisma-generate.mjs).
// Migrations are applied by lib/db/migrate.ts and created by scripts/migration-create.mjs.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:54329/medseed" },
});
