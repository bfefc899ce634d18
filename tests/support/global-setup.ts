import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/lib/db/migrate";
import { ensureDatabaseExists, startEmbeddedPostgres } from "@/scripts/lib/embedded-db";

// One real PostgreSQL for the whole run: TEST_DATABASE_URL when given (the test command passes its
// throw-away cluster), otherwise a throw-away embedded cluster started here. Never a shared database:
// the guard below refuses anything but this machine.
export default async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (url) {
    const host = new URL(url).hostname;
    if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
      throw new Error(`Refusing to run tests against a non-local database (${host}).`);
    }
    await ensureDatabaseExists(url);
  } else {
    const db = await startEmbeddedPostgres({ fresh: true });
    url = db.url;
    stop = db.stop;
  }
  await applyMigrations(url);
  project.provide("databaseUrl", url);
  return stop;
}
