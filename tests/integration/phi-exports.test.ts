import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { unresolvedFindings } from "@/lib/phi/resolutions";
import { makeApprovedSeed, makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { refusal } from "../support/refusal";
import { npmRun } from "../support/run";

// Exports refuse seeds with unresolved PHI findings, naming them, and write nothing; `--accept-phi "REASON"`
// resolves them as accepted by its user (audited) and exports. Own database: exports take every approved seed.
isolateDatabase();

const medseed = (...args: string[]) =>
  npmRun(["medseed", "--", ...args], { DATABASE_URL: process.env.DATABASE_URL });

const approvedSeed = (authorId: string, instruction: string, input = "") =>
  makeApprovedSeed(authorId, instruction, { input });

describe("exports and PHI findings", () => {
  it("refuses, naming the seed and the span; nothing is recorded; accept-phi resolves (audited) and exports", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    const actor: Actor = { id: engineer.id, roles: ["ENGINEER"] };
    await approvedSeed(admin.id, "Explain the first-line treatment of stable angina.");
    const phi = await approvedSeed(
      admin.id,
      "Summarise this discharge letter.",
      "Admitted on 03/14/2024; the daughter can be reached at 555-201-3344.",
    );
    const before = await db.seedExport.count();

    const message = await refusal(createExport(actor, { format: "jsonl", filter: { difficulty: [] } }));
    expect(message).toContain(`seed ${phi.id}`);
    expect(message).toMatch(/PHONE "555-201-3344" in input/);
    expect(message).toMatch(/DATE "03\/14\/2024" in input/);
    expect(await db.seedExport.count()).toBe(before);
    expect(await db.seedExportChunk.count()).toBe(0);

    // Ten times: refused every time, the same way.
    for (let i = 0; i < 10; i++)
      expect(await refusal(createExport(actor, { format: "csv", filter: { difficulty: [] } }))).toBe(
        message.replace(/jsonl/, "csv"),
      );

    const e = await createExport(actor, {
      format: "jsonl",
      filter: { difficulty: [] },
      acceptPhi: "Synthetic letter written for training; numbers are invented",
    });
    expect(e).toMatchObject({ recordCount: 2, phiAccepted: 2 });
    expect(await unresolvedFindings(phi)).toEqual([]);
    const rows = await db.phiResolution.findMany({ where: { targetId: phi.id } });
    expect(rows.map((r) => [r.decision, r.actorId, r.reason])).toEqual([
      ["ACCEPTED", engineer.id, "Synthetic letter written for training; numbers are invented"],
      ["ACCEPTED", engineer.id, "Synthetic letter written for training; numbers are invented"],
    ]);
    expect(await db.auditEvent.count({ where: { action: "phi.accept", targetId: phi.id } })).toBe(1);
    // Resolved once: the next export goes through without it.
    expect(await createExport(actor, { format: "csv", filter: { difficulty: [] } })).toMatchObject({
      recordCount: 2,
      phiAccepted: 0,
    });
  });

  it("the CLI: refused without --accept-phi (clear error, no file), exported with it", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    await approvedSeed(admin.id, "Call Mr. John Carter at 617-555-0199 about his results.");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-phi-export-"));
    const out = path.join(dir, "seeds.jsonl");
    const refused = await medseed("export", "--format", "jsonl", "--out", out, "--author", admin.email);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Not exported: .*PHONE "617-555-0199"/);
    expect(refused.stderr).toMatch(/--accept-phi/);
    expect(fs.readdirSync(dir)).toEqual([]);

    const ok = await medseed(
      "export",
      "--format",
      "jsonl",
      "--out",
      out,
      "--author",
      admin.email,
      "--accept-phi",
      "Fictional patient in a teaching vignette",
    );
    expect(ok.stderr).not.toMatch(/medseed:/);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/possible patient identifier\(s\) accepted/);
    expect(fs.readFileSync(out, "utf8")).toContain("617-555-0199");
  });
});
