import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as previewRoute } from "@/app/api/v1/exports/preview/route";
import { createApiToken } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { previewExport } from "@/lib/exports/use-cases/preview-export";
import { exportFilterSchema } from "@/lib/validation/export";
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
    expect(await previewExport(admin, filter({ topic }))).toEqual({ seeds: 5 });
    expect(await previewExport(admin, filter({ topic, difficulty: "1,3" }))).toEqual({ seeds: 3 });
    expect(await previewExport(admin, filter({ topic, difficulty: [2] }))).toEqual({ seeds: 2 });
    expect(await previewExport(admin, filter({ topic, view: "Patient" }))).toEqual({ seeds: 0 });
    const made = await createExport(admin, { format: "jsonl", filter: filter({ topic, difficulty: "1,3" }) });
    expect(made.recordCount).toBe(3);
    // An approval taken back meanwhile: the next count and the next export both leave it out.
    const one = await db.seedTask.findFirstOrThrow({ where: { topic, difficulty: 1, status: "APPROVED" } });
    await db.seedTask.update({ where: { id: one.id }, data: { status: "SUBMITTED" } });
    expect(await previewExport(admin, filter({ topic, difficulty: "1,3" }))).toEqual({ seeds: 2 });
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
    expect(await ok.json()).toEqual({ data: { seeds: 3 } });
    expect((await get(["AUTHOR"], q)).status).toBe(403);
    const bad = await get(["ADMIN"], new URLSearchParams({ topic, difficulty: "7" }).toString());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/from 1 to 5/);
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
  }, 240_000);
});
