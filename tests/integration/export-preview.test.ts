import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as previewRoute } from "@/app/api/v1/exports/preview/route";
import { createApiToken } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { previewPhiSentence } from "@/lib/exports/preview-words";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { previewExport } from "@/lib/exports/use-cases/preview-export";
import { markNotPhi } from "@/lib/phi/use-cases/mark-not-phi";
import { exportFilterSchema } from "@/lib/validation/export";
import { markNotPhiSchema } from "@/lib/validation/phi";
import { makeApprovedSeed, makeUser } from "../support/factories";
import { npmRun } from "../support/run";

// How many approved seeds an export would hold, before it is made: the Exports form as the filters change,
// GET /api/v1/exports/preview and `medseed export --dry-run`, all through previewExport; the count is what an
// export made right after holds.

const topic = `Preview ${Date.now().toString(36)}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-preview-"));
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  admin = await makeUser({ roles: ["ADMIN"] });
  for (let i = 0; i < 5; i++) {
    const seed = await makeApprovedSeed(admin.id, `Preview question ${i} about ${topic}?`, { topic });
    await db.seedTask.update({ where: { id: seed.id }, data: { difficulty: (i % 3) + 1 } });
  }
  // Not approved: never counted.
  const draft = await makeApprovedSeed(admin.id, `A draft about ${topic}?`, { topic });
  await db.seedTask.update({ where: { id: draft.id }, data: { status: "SUBMITTED" } });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const filter = (raw: Record<string, unknown>) => exportFilterSchema.parse(raw);

describe("an export's preview", () => {
  it("counts the approved seeds the filter holds, as many as the export made next holds", async () => {
    // Made approved without a review, none was screened: the preview screens them (and finds nothing).
    const clean = (seeds: number) => ({ seeds, unscreened: seeds, withPhi: 0 });
    expect(await previewExport(admin, filter({ topic }))).toEqual(clean(5));
    expect(await previewExport(admin, filter({ topic, difficulty: "1,3" }))).toEqual(clean(3));
    expect(await previewExport(admin, filter({ topic, difficulty: [2] }))).toEqual(clean(2));
    expect(await previewExport(admin, filter({ topic, view: "Patient" }))).toEqual(clean(0));
    const made = await createExport(admin, { format: "jsonl", filter: filter({ topic, difficulty: "1,3" }) });
    expect(made.recordCount).toBe(3);
    // An approval taken back meanwhile: the next count and the next export both leave it out.
    const one = await db.seedTask.findFirstOrThrow({ where: { topic, difficulty: 1, status: "APPROVED" } });
    await db.seedTask.update({ where: { id: one.id }, data: { status: "SUBMITTED" } });
    expect(await previewExport(admin, filter({ topic, difficulty: "1,3" }))).toEqual(clean(2));
    const next = await createExport(admin, { format: "jsonl", filter: filter({ topic, difficulty: "1,3" }) });
    expect(next.recordCount).toBe(2);
    await db.seedTask.update({ where: { id: one.id }, data: { status: "APPROVED" } });
  });

  it("answers over the API to whoever may export, and refuses an author and a bad difficulty", async () => {
    const get = async (roles: ("ADMIN" | "AUTHOR" | "REVIEWER")[], query: string) => {
      const { token } = await createApiToken((await makeUser({ roles })).id, "test");
      return previewRoute(
        new Request(`http://localhost/api/v1/exports/preview?${query}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
        { params: Promise.resolve({}) },
      );
    };
    const q = new URLSearchParams({ topic, difficulty: "2,3" }).toString();
    const ok = await get(["REVIEWER"], q);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { seeds: 3, unscreened: 3, withPhi: 0 } });
    expect((await get(["AUTHOR"], q)).status).toBe(403);
    const bad = await get(["ADMIN"], new URLSearchParams({ topic, difficulty: "7" }).toString());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/from 1 to 5/);
  });

  it("says how many seeds would stop the export for a possible identifier, as the export then does", async () => {
    const t = `${topic} PHI`;
    const phone = await makeApprovedSeed(admin.id, "Summarise this discharge letter.", {
      topic: t,
      input: "Admitted on 03/14/2024; the daughter can be reached at 555-201-3344.",
    });
    await makeApprovedSeed(admin.id, "Explain the first-line treatment of stable angina.", { topic: t });
    // Found clear at its approval: not screened again (by the preview or the export), whatever its text.
    const cleared = await makeApprovedSeed(admin.id, "Call the clinic at 555-777-1234 to book.", {
      topic: t,
    });
    await db.seedTask.update({ where: { id: cleared.id }, data: { phiClearVersion: cleared.version } });

    expect(await previewExport(admin, filter({ topic: t }))).toEqual({ seeds: 3, unscreened: 2, withPhi: 1 });
    const refused = await createExport(admin, { format: "jsonl", filter: filter({ topic: t }) }).catch(
      (e: Error) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toContain("Not exported: 1 seed task holds");
    // The same answer asked ten times (nothing is written by asking).
    for (let i = 0; i < 10; i++)
      expect(await previewExport(admin, filter({ topic: t }))).toEqual({
        seeds: 3,
        unscreened: 2,
        withPhi: 1,
      });
    expect(await db.phiResolution.count({ where: { targetId: phone.id } })).toBe(0);
    const dry = await npmRun(
      ["medseed", "--", "export", "--topic", t, "--dry-run", "--author", admin.email],
      {},
      120_000,
    );
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout.trim().split("\n")).toEqual([
      "3 approved seed tasks match: an export now would hold them (nothing written)",
      '1 of them holds a possible patient identifier nobody resolved: the export will stop and list it until the author replaces it with a placeholder, a reviewer marks it "not PHI", or you accept it knowingly (export --accept-phi "REASON").',
    ]);

    // A reviewer marks both findings "not PHI": nothing stops the export any more, and it is made.
    for (const [category, text] of [
      ["PHONE", "555-201-3344"],
      ["DATE", "03/14/2024"],
    ] as const)
      await markNotPhi(
        admin,
        markNotPhiSchema.parse({
          targetId: phone.id,
          field: "input",
          category,
          text,
          reason: "A made-up letter for teaching",
        }),
      );
    expect(await previewExport(admin, filter({ topic: t }))).toEqual({ seeds: 3, unscreened: 2, withPhi: 0 });
    expect((await createExport(admin, { format: "jsonl", filter: filter({ topic: t }) })).recordCount).toBe(
      3,
    );
  }, 240_000);

  it("leaves more than 200 unscreened seeds to the export, saying so", async () => {
    const t = `${topic} many`;
    await db.$executeRaw`
      INSERT INTO "SeedTask" (id, instruction, topic, view, "taskType", difficulty, status, "authorId",
                              "contentHash", "updatedAt")
      SELECT ${t} || n, 'Many ' || n || ': explain hyperkalaemia.', ${t}, 'Nurse', 'Open Q&A', 2, 'APPROVED',
             ${admin.id}, ${t} || n, now()
        FROM generate_series(1, 201) AS n`;
    expect(await previewExport(admin, filter({ topic: t }))).toEqual({
      seeds: 201,
      unscreened: 201,
      withPhi: null,
    });
    expect(previewPhiSentence({ unscreened: 201, withPhi: null }, (them) => `X ${them}`)).toBe(
      "201 of them were approved before PHI screening or imported as approved: the export screens them as it is made, and stops at any possible patient identifier nobody resolved.",
    );
    // At 200 the preview screens them all.
    await db.seedTask.update({ where: { id: `${t}1` }, data: { status: "SUBMITTED" } });
    expect(await previewExport(admin, filter({ topic: t }))).toEqual({
      seeds: 200,
      unscreened: 200,
      withPhi: 0,
    });
  });

  it("is the CLI's --dry-run: it counts, writes nothing and records no export", async () => {
    const before = await db.seedExport.count();
    const out = path.join(dir, "never.jsonl");
    const r = await npmRun(
      [
        "medseed",
        "--",
        "export",
        "--format",
        "jsonl",
        "--topic",
        topic,
        "--difficulty",
        "1",
        "--dry-run",
        "--out",
        out,
        "--author",
        admin.email,
      ],
      {},
      120_000,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(
      "2 approved seed tasks match: an export now would hold them (nothing written)",
    );
    expect(fs.existsSync(out)).toBe(false);
    expect(await db.seedExport.count()).toBe(before);
    const missing = await npmRun(
      ["medseed", "--", "export", "--format", "jsonl", "--author", admin.email],
      {},
      120_000,
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("--out: say where to write the export (or give --dry-run)");
    const noFormat = await npmRun(
      ["medseed", "--", "export", "--out", out, "--author", admin.email],
      {},
      120_000,
    );
    expect(noFormat.code).not.toBe(0);
    expect(noFormat.stderr).toContain("--format: say which format to write");
    expect(fs.existsSync(out)).toBe(false);
  }, 240_000);
});
