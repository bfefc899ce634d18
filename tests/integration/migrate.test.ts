import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { ensureDatabaseExists } from "@/scripts/lib/embedded-db";

async function freshDatabase() {
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/medseed_mig_${randomUUID().slice(0, 8)}`;
  await ensureDatabaseExists(url.toString());
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migration runner", () => {
  it("applies the project's migrations once, recorded as Prisma records them", async () => {
    const url = await freshDatabase();
    const first = await applyMigrations(url);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    for (const [i, m] of readMigrations().entries()) {
      expect(rows[i]?.checksum).toBe(m.checksum);
      expect(rows[i]?.finished_at).not.toBeNull();
    }
  });

  it("rolls a failing migration back whole, names it, and keeps the ones before", async () => {
    const url = await freshDatabase();
    const dir = migrationsDir({
      "001_ok": "CREATE TABLE a (id int);",
      "002_bad": "CREATE TABLE b (id int);\nINSERT INTO nowhere VALUES (1);",
    });
    await expect(applyMigrations(url, dir)).rejects.toThrow(/002_bad failed and was rolled back.*nowhere/);
    const tables = await query<{ tablename: string }>(
      url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    const names = tables.map((t) => t.tablename);
    expect(names).toContain("a");
    expect(names).not.toContain("b");
    const recorded = await query<{ migration_name: string }>(
      url,
      `SELECT migration_name FROM "_prisma_migrations"`,
    );
    expect(recorded.map((r) => r.migration_name)).toEqual(["001_ok"]);
  });

  it("warns, without re-running, when an applied migration was edited", async () => {
    const url = await freshDatabase();
    const dir = migrationsDir({ "001_ok": "CREATE TABLE a (id int);" });
    await applyMigrations(url, dir);
    fs.writeFileSync(path.join(dir, "001_ok", "migration.sql"), "CREATE TABLE a (id int, x int);");
    const again = await applyMigrations(url, dir);
    expect(again.applied).toEqual([]);
    expect(again.warnings.join()).toMatch(/001_ok was edited/);
  });

  it("two runners at once apply each migration exactly once", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(readMigrations().map((m) => m.name));
  });
});
