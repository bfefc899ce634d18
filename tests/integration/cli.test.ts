import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ensureDatabaseExists, freePort, portInUse } from "@/scripts/lib/embedded-db";
import { uniqueEmail } from "../support/factories";
import { npmRun } from "../support/run";

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Who the audit log says created the account: the actor's email, null for "no account" (the machine's operator). */
async function createdBy(url: string, email: string): Promise<{ actor: string | null } | undefined> {
  const rows = await query<{ actor: string | null }>(
    url,
    `SELECT a.email AS actor FROM "AuditEvent" e JOIN "User" u ON u.id = e."targetId"
     LEFT JOIN "User" a ON a.id = e."actorId" WHERE e.action = 'user.create' AND u.email = $1`,
    [email],
  );
  return rows[0];
}

async function rolesOf(url: string, email: string): Promise<string[] | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ roles: string }>(
      `SELECT roles::text[] AS roles FROM "User" WHERE email = $1`,
      [email],
    );
    return rows[0] ? (rows[0].roles as unknown as string[]) : null;
  } finally {
    await client.end();
  }
}

describe("npm run medseed -- user create", () => {
  it("works against an external DATABASE_URL (migrating it first), with repeated --role", async () => {
    const url = new URL(inject("databaseUrl"));
    url.pathname = `/medseed_cli_${randomUUID().slice(0, 8)}`;
    await ensureDatabaseExists(url.toString());
    const email = uniqueEmail("cli");
    const r = await npmRun(
      [
        "medseed",
        "--",
        "user",
        "create",
        "--email",
        email,
        "--password",
        "a long password",
        "--role",
        "author",
        "--role",
        "reviewer",
      ],
      { DATABASE_URL: url.toString() },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/applied migrations: \d+_init/);
    expect(r.stdout).toContain(`created ${email}`);
    expect((await rolesOf(url.toString(), email))?.sort()).toEqual(["AUTHOR", "REVIEWER"]);

    const dup = await npmRun(
      [
        "medseed",
        "--",
        "user",
        "create",
        "--email",
        email,
        "--password",
        "a long password",
        "--role",
        "admin",
      ],
      {
        DATABASE_URL: url.toString(),
      },
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
  });

  it("works against the embedded database, started on demand and stopped after", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-cli-data-"));
    fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must reach the folder
    const port = await freePort();
    const env = { DATABASE_URL: undefined, MEDSEED_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) };
    try {
      const email = uniqueEmail("embedded");
      const created = await npmRun(
        [
          "medseed",
          "--",
          "user",
          "create",
          "--email",
          email,
          "--password",
          "a long password",
          "--role",
          "admin",
        ],
        env,
      );
      expect(created.code).toBe(0);
      expect(created.stdout).toContain(`created ${email}`);
      expect(fs.existsSync(path.join(dataDir, "pg", "PG_VERSION"))).toBe(true);
      expect(await portInUse(port, "127.0.0.1")).toBe(false);

      const listed = await npmRun(["medseed", "--", "user", "list"], env);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(new RegExp(`${email}\\s+admin\\s+active`));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("acts as the machine's operator only before any admin exists, then as a named admin; a non-admin is refused", async () => {
    const url = new URL(inject("databaseUrl"));
    url.pathname = `/medseed_cli_${randomUUID().slice(0, 8)}`;
    await ensureDatabaseExists(url.toString());
    const env = { DATABASE_URL: url.toString(), MEDSEED_USER: undefined };
    const create = (email: string, role: string, ...more: string[]) =>
      npmRun(
        [
          "medseed",
          "--",
          "user",
          "create",
          "--email",
          email,
          "--password",
          "a long password",
          "--role",
          role,
          ...more,
        ],
        env,
      );

    // A fresh machine: no admin yet, so the first account is made by whoever runs the command, audited as such.
    const admin = uniqueEmail("first-admin");
    const first = await create(admin, "admin");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/no admin yet.*machine's operator/);
    expect(await createdBy(url.toString(), admin)).toEqual({ actor: null });

    // From then on the command acts as an admin: the only one by default, and the audit log names them.
    const reviewer = uniqueEmail("reviewer");
    const second = await create(reviewer, "reviewer");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`acting as ${admin} (the only admin)`);
    expect(await createdBy(url.toString(), reviewer)).toEqual({ actor: admin });
    const third = uniqueEmail("named");
    expect((await create(third, "author", "--author", admin)).code).toBe(0);
    expect(await createdBy(url.toString(), third)).toEqual({ actor: admin });

    // Acting as a reviewer, the same permission check as the admin page and the API refuses: nothing created.
    const sneaky = uniqueEmail("sneaky");
    const refused = await create(sneaky, "admin", "--author", reviewer);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/user\.manage/);
    expect(await rolesOf(url.toString(), sneaky)).toBeNull();
    const unknown = await create(sneaky, "admin", "--author", "nobody@test.medseed");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--author: no active account has the email nobody@test\.medseed/);
    expect(await rolesOf(url.toString(), sneaky)).toBeNull();
  }, 120_000);

  it("refuses bad input before touching a database, naming the flag", async () => {
    const r = await npmRun(
      ["medseed", "--", "user", "create", "--email", "nope", "--password", "short", "--role", "nurse"],
      {
        DATABASE_URL: "postgresql://nobody:nothing@127.0.0.1:1/none",
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--email: Enter a valid email/);
    expect(r.stderr).toMatch(/--password: Use at least 10 characters/);
    expect(r.stderr).toMatch(/--role: Unknown role/);
  });

  it("lists every command in --help", async () => {
    const r = await npmRun(["medseed", "--", "--help"], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/user create/);
    expect(r.stdout).toMatch(/user list/);
    expect(r.stdout).toMatch(/migrate/);
  });
});
