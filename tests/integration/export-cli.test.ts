import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fixturePath } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { npmRun } from "../support/run";

isolateDatabase();

const medseed = (...args: string[]) =>
  npmRun(["medseed", "--", ...args], { DATABASE_URL: process.env.DATABASE_URL });
const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("npm run medseed -- export", () => {
  it("writes the bytes of a recorded export (what the Exports page downloads), and refuses bad flags", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    expect(
      (await medseed("import", fixturePath("alpacare.json"), "--status", "approved", "--author", admin.email))
        .code,
    ).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-export-"));
    const out = path.join(dir, "seeds.json");

    const r = await medseed("export", "--format", "alpacare", "--out", out, "--author", admin.email);
    expect(r.stderr).not.toMatch(/medseed:/);
    expect(r.code).toBe(0);
    const recorded = await db.seedExport.findFirstOrThrow({ orderBy: { number: "desc" } });
    expect(r.stdout).toContain(`export #${recorded.number}: 6 approved seed tasks`);
    expect(sha(out)).toBe(recorded.sha256);
    const parsed = JSON.parse(fs.readFileSync(out, "utf8")) as { type: string; difficulty: string }[];
    expect(parsed).toHaveLength(6);
    expect(parsed.every((p) => typeof p.difficulty === "string")).toBe(true);

    const again = path.join(dir, "again.json");
    expect(
      (await medseed("export", "--format", "alpacare", "--out", again, "--author", admin.email)).code,
    ).toBe(0);
    expect(sha(again)).toBe(sha(out));

    const all = await medseed(
      "export",
      "--format",
      "csv",
      "--status",
      "all",
      "--out",
      path.join(dir, "all.csv"),
    );
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/6 seed tasks \(all statuses/);

    // Not recorded, but still an export: an author may not take every task out of MedSeed.
    const author = await makeUser({ roles: ["AUTHOR"] });
    const refused = await medseed(
      "export",
      "--format",
      "jsonl",
      "--status",
      "all",
      "--out",
      path.join(dir, "refused.jsonl"),
      "--author",
      author.email,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Your role does not allow this \(export\.create\)/);
    expect(fs.existsSync(path.join(dir, "refused.jsonl"))).toBe(false);

    const bad = await medseed("export", "--format", "xml", "--out", path.join(dir, "x"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: Choose a format/);
    expect(fs.existsSync(path.join(dir, "x"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
