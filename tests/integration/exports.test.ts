import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { GET as downloadRoute } from "@/app/api/v1/exports/[id]/download/route";
import { POST as createRoute } from "@/app/api/v1/exports/route";
import { db, disconnectDb } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { renderExport } from "@/lib/exports/render";
import { createExport, exportItems } from "@/lib/exports/store";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { EXPORT_FORMATS, type ExportFormatName } from "@/lib/validation/export";
import { ensureDatabaseExists } from "@/scripts/lib/embedded-db";
import { makeUser } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// Golden files: tests/fixtures/export/golden.<format>. Regenerate deliberately with UPDATE_GOLDEN=1.
const GOLDEN = path.resolve("tests/fixtures/export");
const ext = (f: ExportFormatName) =>
  ({ alpacare: "json", "self-instruct": "jsonl", alpaca: "json", jsonl: "jsonl", csv: "csv" })[f];

async function switchToFreshDatabase() {
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/medseed_export_${randomUUID().slice(0, 8)}`;
  await ensureDatabaseExists(url.toString());
  await applyMigrations(url.toString());
  await disconnectDb();
  process.env.DATABASE_URL = url.toString();
}

const SEEDS = [
  {
    topic: "Otolaryngology",
    view: "Patient",
    taskType: "Open Q&A",
    difficulty: 2,
    instruction: "What is Ménière’s disease, and why does it make me dizzy?",
    input: "",
    output: "",
  },
  {
    topic: "Cardiology",
    view: "Medical Student",
    taskType: "Multiple-choice Q&A",
    difficulty: 4,
    instruction: "Choose the first-line drug for this patient.",
    input: 'A 58-year-old, BP 160/95, "no other history".\nA) ACE inhibitor, B) beta blocker',
    output: "The answer is (A).",
  },
  {
    topic: "Nephrology",
    view: "Nurse",
    taskType: "Classification",
    difficulty: 3,
    instruction: "Classify the acute kidney injury stage from these values.",
    input: "Creatinine 2.4 mg/dL (baseline 1.0), urine 0.4 mL/kg/h for 12 h",
    output: "Stage 2",
  },
  {
    topic: "Pediatrics",
    view: "Parent of teenager",
    taskType: "Rewrite",
    difficulty: 1,
    instruction: "Rewrite this note, plainly, for a parent: 'Pt afebrile, tolerating PO'.",
    input: "",
    output: "",
  },
];

async function seed() {
  // Fixed ids, author and times, so that even the JSONL golden file (which carries them) is stable.
  const author = await db.user.create({
    data: { id: "golden-author", email: "author@golden.test", roles: ["AUTHOR"] },
  });
  const authorId = author.id;
  for (const [i, s] of SEEDS.entries()) {
    const at = new Date(Date.UTC(2026, 0, 1 + i));
    await db.seedTask.create({
      data: {
        ...s,
        id: `golden-seed-${i + 1}`,
        status: "APPROVED",
        authorId,
        contentHash: seedContentHash(s.instruction, s.input),
        createdAt: at,
        updatedAt: at,
      },
    });
  }
  await db.seedTask.create({
    data: { instruction: "A draft that no export shows.", authorId, contentHash: "draft" },
  });
}

async function download(id: string, headers: Record<string, string> = {}) {
  const res = await downloadRoute(
    new Request(`http://localhost/api/v1/exports/${id}/download`, { headers }),
    { params: Promise.resolve({ id }) },
  );
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  await switchToFreshDatabase();
  admin = await makeUser({ roles: ["ADMIN"] });
  await seed();
  signInAs(admin);
});

describe("exports", () => {
  it.each(EXPORT_FORMATS)(
    "%s matches its golden file, and the download is those bytes with their SHA-256",
    async (format) => {
      const e = await createExport(format, { difficulty: [] }, admin);
      expect(e.recordCount).toBe(4);
      const { res, bytes } = await download(e.id);
      const golden = path.join(GOLDEN, `golden.${format}.${ext(format)}`);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, bytes);
      expect(bytes.toString("utf8")).toBe(fs.readFileSync(golden, "utf8"));
      const sha = createHash("sha256").update(bytes).digest("hex");
      expect(sha).toBe(e.sha256);
      expect(res.headers.get("x-content-sha256")).toBe(sha);
      expect(res.headers.get("content-disposition")).toContain(
        `medseed-export-${e.number}-${format}.${ext(format)}`,
      );
      // Clients that accept gzip get the same plain bytes: Next's server drops a route handler's
      // Content-Encoding, so a compressed body would reach them undecoded.
      const gz = await download(e.id, { "accept-encoding": "gzip, br" });
      expect(gz.res.headers.get("content-encoding")).toBeNull();
      expect(gz.bytes.equals(bytes)).toBe(true);
    },
  );

  it("is deterministic: two exports of the same seeds have the same SHA-256, and stay the same after edits", async () => {
    const a = await createExport("alpacare", { difficulty: [] }, admin);
    const b = await createExport("alpacare", { difficulty: [] }, admin);
    expect(a.id).not.toBe(b.id);
    expect(b.sha256).toBe(a.sha256);
    const before = (await download(a.id)).bytes;
    await db.seedTask.updateMany({
      where: { topic: "Cardiology" },
      data: { instruction: "Changed after the export.", version: 2 },
    });
    expect((await download(a.id)).bytes.equals(before)).toBe(true);
    const items = await exportItems(a.id);
    expect(items.map((i) => i.version)).toEqual([1, 1, 1, 1]);
    await db.seedTask.updateMany({
      where: { instruction: "Changed after the export." },
      data: { instruction: SEEDS[1]?.instruction, version: 1 },
    });
  });

  it("filters, and refuses an empty export with a message", async () => {
    const e = await createExport("alpaca", { difficulty: [3, 4] }, admin);
    expect(e.recordCount).toBe(2);
    await expect(
      createExport("alpaca", { topic: "Dermatology", difficulty: [] }, admin),
    ).rejects.toMatchObject({ code: "INVALID" });
  });

  it("filters on values holding quotes and backslashes (written into the COPY as literals): exactly the matching seeds", async () => {
    // A topic and a type an SQL literal must escape; a second seed with the topic's prefix must stay out.
    const tricky = { topic: `O'Brien \\ ward '' x`, taskType: `Q\\'A` };
    const made = await Promise.all(
      [tricky.topic, `O'Brien`].map((topic, i) =>
        db.seedTask.create({
          data: {
            instruction: `Seed ${i} under a tricky topic.`,
            topic,
            view: "Nurse",
            taskType: tricky.taskType,
            difficulty: 2,
            status: "APPROVED",
            authorId: "golden-author",
            contentHash: `tricky-${i}`,
          },
        }),
      ),
    );
    try {
      for (const format of EXPORT_FORMATS) {
        const e = await createExport(
          format,
          { topic: tricky.topic, type: tricky.taskType, difficulty: [2] },
          admin,
        );
        expect(e.recordCount, format).toBe(1);
        expect((await exportItems(e.id)).map((i) => i.seedId)).toEqual([made[0]?.id]);
        expect((await download(e.id)).bytes.toString("utf8")).toContain("Seed 0 under a tricky topic.");
      }
    } finally {
      await db.seedTask.deleteMany({ where: { id: { in: made.map((m) => m.id) } } });
    }
  });

  it("API: author 403, bad body 400 naming the field, reviewer creates", async () => {
    const post = (body: unknown) =>
      createRoute(
        new Request("http://localhost/api/v1/exports", {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        }),
      );
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    expect((await post({ format: "alpacare" })).status).toBe(403);
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    const bad = await post({ format: "xml" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty("format");
    const ok = await post({ format: "csv", filter: { type: "Rewrite" } });
    expect(ok.status).toBe(201);
    expect((await ok.json()).data.recordCount).toBe(1);
    signInAs(admin);
  });

  it("round trip: importing an export elsewhere and exporting again gives identical bytes", async () => {
    const originals = new Map<ExportFormatName, Buffer>();
    for (const format of ["alpacare", "alpaca", "self-instruct", "csv"] as const) {
      originals.set(
        format,
        (await download((await createExport(format, { difficulty: [] }, admin)).id)).bytes,
      );
    }
    for (const [format, bytes] of originals) {
      await switchToFreshDatabase();
      const importer = await makeUser({ roles: ["ADMIN"] });
      const complete = format === "alpacare" || format === "csv"; // these carry every tag, so they import approved
      const report = await importSeedsFromBuffer(bytes, {
        fileName: `x.${ext(format)}`,
        status: complete ? "APPROVED" : "DRAFT",
        actor: importer,
      });
      expect(report.errors).toEqual([]);
      expect(report.counts.created).toBe(4);
      const chunks: Buffer[] = [];
      await renderExport(format, { difficulty: [] }, complete ? "APPROVED" : "ALL", {
        write: async (b) => void chunks.push(b),
      });
      expect(Buffer.concat(chunks).toString("utf8")).toBe(bytes.toString("utf8"));
    }
  });
});
