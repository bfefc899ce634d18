import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { applyMigrations, defaultMigrationsDir, readMigrations } from "@/lib/db/migrate";
import { ensureDatabaseExists } from "@/scripts/lib/embedded-db";

/**
 * A database of its own at the state just before the migration whose name ends with `suffix`, for a test of
 * what that migration does to rows written before it: `client` connects to it, `migrate()` applies the rest,
 * `close()` ends the client and removes the folder of earlier migrations.
 */
export async function databaseBeforeMigration(suffix: string) {
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/medseed_migration_${randomUUID().slice(0, 8)}`;
  await ensureDatabaseExists(url.toString());
  const all = readMigrations();
  const at = all.findIndex((m) => m.name.endsWith(suffix));
  if (at <= 0) throw new Error(`no migration named *${suffix} after the first`);
  // The migrations before it, applied from a folder of their own.
  const before = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-migrations-"));
  for (const m of all.slice(0, at))
    fs.cpSync(path.join(defaultMigrationsDir(), m.name), path.join(before, m.name), { recursive: true });
  await applyMigrations(url.toString(), before);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    client,
    migrate: () => applyMigrations(url.toString()),
    close: async () => {
      await client.end();
      fs.rmSync(before, { recursive: true, force: true });
    },
  };
}
