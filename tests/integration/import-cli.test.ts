import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fixturePath } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { npmRun } from "../support/run";

// The CLI runs in its own process against this file's database (an external DATABASE_URL to it).
isolateDatabase();

const cli = (...args: string[]) =>
  npmRun(["medseed", "--", "import", ...args], { DATABASE_URL: process.env.DATABASE_URL });

describe("npm run medseed -- import", () => {
  it("imports as approved for an admin, prints the report, and a second run creates nothing", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const first = await cli(fixturePath("alpacare.json"), "--status", "approved", "--author", admin.email);
    expect(first.stderr).not.toMatch(/medseed:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Format: JSON array");
    expect(first.stdout).toMatch(/Shape: AlpaCare seed records/);
    expect(first.stdout).toContain("Created: 6 (status approved)");
    expect(first.stdout).toContain('"Rewrites" -> Rewrite (1)');
    expect(first.stdout).toContain('"Multi-hop reasoning" -> Multiple-hop reasoning (1)');
    expect(await db.seedTask.count({ where: { authorId: admin.id, status: "APPROVED" } })).toBe(6);

    const second = await cli(fixturePath("alpacare.json"), "--status", "approved", "--author", admin.email);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Created: 0");
    expect(second.stdout).toContain("Duplicates skipped: 6");
    expect(await db.seedTask.count({ where: { authorId: admin.id } })).toBe(6);
  }, 120_000);

  it("refuses approved imports by a non-admin, and invalid files with the line named (exit 1, nothing written)", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const approved = await cli(fixturePath("alpaca.json"), "--status", "approved", "--author", author.email);
    expect(approved.code).toBe(1);
    expect(approved.stderr).toMatch(/Only admins can import tasks as approved/);

    const malformed = await cli(fixturePath("malformed.json.txt"), "--author", author.email);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/line 6: Not valid JSON/);
    expect(malformed.stderr).toMatch(/Nothing was imported/);

    const dry = await cli(fixturePath("alpaca.json"), "--dry-run", "--author", author.email);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Would create: 3");
    expect(await db.seedTask.count({ where: { authorId: author.id } })).toBe(0);
  }, 120_000);

  it("bad usage exits 2 naming the flag; an oversized file is refused before reading it", async () => {
    await makeUser({ roles: ["ADMIN"] });
    await makeUser({ roles: ["ADMIN"] }); // two admins: no default author
    const noAuthor = await cli(fixturePath("alpaca.json"));
    expect(noAuthor.code).toBe(2);
    expect(noAuthor.stderr).toMatch(/--author: give the email/);

    const badStatus = await cli(fixturePath("alpaca.json"), "--status", "published");
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/--status: use draft or approved/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-import-"));
    const big = path.join(dir, "big.json");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 66_270_000); // sparse: no real 63 MB written
    try {
      const tooBig = await cli(big);
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toContain(
        "The file is 63.2 MB; the limit is 50 MB. Split it into smaller files.",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
