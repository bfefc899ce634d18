import { randomUUID } from "node:crypto";
import { beforeAll, inject } from "vitest";
import { disconnectDb } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { ensureDatabaseExists } from "@/scripts/lib/embedded-db";

/**
 * Gives this test file a database of its own (same server, new migrated database), for tests about
 * global state such as "no user exists yet" or "the last admin". Each file runs in its own process,
 * so switching DATABASE_URL here affects no other file.
 */
export function isolateDatabase() {
  beforeAll(async () => {
    const url = new URL(inject("databaseUrl"));
    url.pathname = `/medseed_iso_${randomUUID().slice(0, 8)}`;
    await ensureDatabaseExists(url.toString());
    await applyMigrations(url.toString());
    await disconnectDb();
    process.env.DATABASE_URL = url.toString();
  });
}
