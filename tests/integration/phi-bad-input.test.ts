import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startSeedImport } from "@/lib/seeds/use-cases/import-seeds";
import { makeUser } from "../support/factories";
import { npmRun } from "../support/run";

// Bad input where the PHI screen reads files (phi scan, import): an unreadable file, a 60 MB file and a binary
// file each get a clear error and leave nothing half-written: no output file, no import job, no seed.
// (tests/integration/phi-scan-cli.test.ts and import-errors.test.ts cover the parsers' own cases.)

const medseed = (...args: string[]) =>
  npmRun(["medseed", "--", ...args], { DATABASE_URL: process.env.DATABASE_URL });

const BINARY = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1,
]);

describe("bad input for phi scan and import", () => {
  it("phi scan: unreadable --in, a 60 MB file, a binary file; --out is never created", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-phi-bad-"));
    const out = path.join(dir, "findings.jsonl");
    try {
      const unreadable = await medseed("phi", "scan", "--in", dir, "--out", out);
      expect(unreadable.code).toBe(2);
      expect(unreadable.stderr).toMatch(/--in/);

      const big = path.join(dir, "big.jsonl");
      fs.writeFileSync(big, "");
      fs.truncateSync(big, 60 * 1024 * 1024);
      const tooBig = await medseed("phi", "scan", "--in", big, "--out", out);
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toMatch(/60(\.0)? MB/);

      const bin = path.join(dir, "image.png");
      fs.writeFileSync(bin, BINARY);
      const binary = await medseed("phi", "scan", "--in", bin, "--out", out);
      expect(binary.code).toBe(1);
      expect(binary.stderr).toMatch(/binary|not UTF-8|not text/i);

      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith("findings"))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("import (CLI, with --refuse-phi too): unreadable, 60 MB and binary files create nothing", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const before = await db.seedTask.count();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-import-bad-"));
    try {
      const unreadable = await medseed("import", dir, "--refuse-phi", "--author", admin.email);
      expect(unreadable.code).toBe(2);
      expect(unreadable.stderr).toMatch(/is not a readable file/);

      const big = path.join(dir, "big.json");
      fs.writeFileSync(big, "");
      fs.truncateSync(big, 60 * 1024 * 1024);
      const tooBig = await medseed("import", big, "--refuse-phi", "--author", admin.email);
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toMatch(/The file is 60\.0 MB; the limit is 50 MB/);

      const bin = path.join(dir, "image.png");
      fs.writeFileSync(bin, BINARY);
      const binary = await medseed("import", bin, "--refuse-phi", "--author", admin.email);
      expect(binary.code).toBe(1);
      expect(binary.stderr).toMatch(/not UTF-8|binary/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await db.seedTask.count()).toBe(before);
  }, 180_000);

  it("import (app upload): a 60 MB and a binary upload are refused; no job is left behind", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const actor = { id: author.id, roles: author.roles };
    await expect(
      startSeedImport(actor, {
        fileName: "big.json",
        status: "DRAFT",
        bytes: new Uint8Array(60 * 1024 * 1024),
      }),
    ).rejects.toThrow(/the limit is 50 MB/);
    const binary = await startSeedImport(actor, {
      fileName: "image.png",
      status: "DRAFT",
      bytes: BINARY,
    }).catch((e: Error) => e);
    if (binary instanceof Error) expect(binary.message).toMatch(/not UTF-8|binary/i);
    else expect(binary.state).toBe("FAILED");
    const jobs = await db.seedImportJob.findMany({ where: { ownerId: author.id } });
    expect(jobs.every((j) => j.state === "FAILED")).toBe(true);
    expect(await db.seedTask.count({ where: { authorId: author.id } })).toBe(0);
  });
});
