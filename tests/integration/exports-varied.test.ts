import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { type ExportRow, FORMATS } from "@/lib/exports/formats";
import { renderExport } from "@/lib/exports/render";
import { createExport, exportItems, exportStream } from "@/lib/exports/store";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExportFilter } from "@/lib/validation/export";
import { EXPORT_FORMATS, type ExportFormatName } from "@/lib/validation/export";
import { ensureDatabaseExists } from "@/scripts/lib/embedded-db";
import { mulberry32 as prng } from "@/tests/support/mulberry32";

// The export renderer's output on a larger, varied, seeded fixture (300 seeds: every status, ties in every sort
// key, unicode outside the BMP, control characters, CRLF, formulas, empty and blank fields, every source kind,
// seeds screened at export and seeds marked clear), as the SHA-256, size, count, item list and sources summary
// of each file. The expected figures were written by the renderer that read rows through Prisma (before the
// streaming rewrite of issue 18), so the rewrite had to give the very same bytes; regenerate deliberately with
// UPDATE_GOLDEN=1.
const GOLDEN = path.resolve("tests/fixtures/export/varied.json");

const FRAGMENTS = [
  "Explain",
  "the first-line treatment",
  "of stable angina",
  "Ménière’s disease",
  "naïve café",
  "心臓",
  "عربى",
  "🫀🩺",
  '"quoted"',
  "back\\slash",
  "line\nbreak",
  "crlf\r\nhere",
  "\ttab",
  "\u0001\u001f\u007f",
  "\u2028\u2029",
  "=SUM(A1)",
  "+plus",
  "-minus",
  "@at",
  "'quote",
  ",",
  "<noinput>",
  "   ",
  "",
  "Zoë",
  "ÅNGSTRÖM",
  "a",
  "b",
  "é",
  "e\u0301",
];
const TOPICS = ["Cardiology", "cardiology", "Ünïcode", "", "Z", "=cmd|' /C calc'!A0", "Émergency"];
const VIEWS = ["Patient", "Nurse", "Medical Student", "", "patient"];
const TYPES = ["Open Q&A", "Classification", "Multiple-choice Q&A", "Summarization", "USMLE style Q&A", ""];
const STATUSES = ["APPROVED", "APPROVED", "APPROVED", "DRAFT", "SUBMITTED", "ARCHIVED"] as const;
const KINDS = ["OWN_EXPERIENCE", "TEXTBOOK", "PUBLIC_DATASET", "UNKNOWN"];
const LICENCES = ["CC-BY-4.0", "CC-BY-NC-4.0", "NOASSERTION", "internal", "MIT"];
const SEEDS = 300;

async function seed() {
  const rand = prng(18);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const text = (max: number) =>
    Array.from({ length: Math.floor(rand() * max) }, () => pick(FRAGMENTS)).join(rand() < 0.8 ? " " : "");
  const authors = ["varied-a@golden.test", "varied-b@golden.test"];
  for (const email of authors) await db.user.create({ data: { id: email, email, roles: ["AUTHOR"] } });
  const rows = Array.from({ length: SEEDS }, (_, i) => {
    // a few instructions repeat (ties broken by the next key, then the id)
    const instruction = i % 17 === 5 ? "Repeated instruction" : text(8) || "x";
    const clean = i % 23 === 0; // screened at export (no mark): plain words only, no finding
    const at = new Date(Date.UTC(2026, 0, 1 + (i % 40), 8, i % 3, 0, i % 7)); // shared timestamps too
    return {
      id: `varied-${String((i * 7919) % 1000).padStart(3, "0")}-${i}`,
      instruction: clean ? "Explain the first-line treatment of stable angina" : instruction,
      input: clean ? "" : text(6),
      output: clean ? "Beta blockers" : text(5),
      topic: pick(TOPICS),
      view: pick(VIEWS),
      taskType: pick(TYPES),
      difficulty: rand() < 0.15 ? null : 1 + Math.floor(rand() * 5),
      note: rand() < 0.3 ? text(3) : "",
      status: clean ? ("APPROVED" as const) : pick(STATUSES),
      version: 1 + Math.floor(rand() * 3),
      contentHash: `varied-${i}`,
      authorId: pick(authors),
      sourceKind: pick(KINDS),
      licence: pick(LICENCES),
      citation: rand() < 0.5 ? text(3) : "",
      citationUrl: rand() < 0.3 ? 'https://example.org/a?b=c&d="e"' : "",
      adapted: rand() < 0.5,
      createdAt: at,
      updatedAt: new Date(at.getTime() + (i % 5) * 1000),
    };
  });
  // Inputs that are blank to JavaScript's trim() (exported as <noinput> in AlpaCare's format) and two that are not
  // (NEL, zero-width space).
  const blanks = [
    "\u00a0",
    "\u3000",
    "\ufeff",
    "\u2028\u2029",
    "\u000b\f",
    " \t\r\n",
    "\u1680\u2000\u200a\u202f\u205f",
    "\u0085",
    "\u200b",
  ];
  const edge = blanks.map((input, k) => ({
    ...(rows[k] as (typeof rows)[number]),
    id: `varied-blank-${k}`,
    contentHash: `varied-blank-${k}`,
    input,
    status: "APPROVED" as const,
  }));
  await db.seedTask.createMany({
    data: [...rows, ...edge].map((r, i) => ({ ...r, phiClearVersion: i % 23 === 0 ? null : r.version })),
  });
}

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/medseed_varied_${randomUUID().slice(0, 8)}`;
  await ensureDatabaseExists(url.toString());
  await applyMigrations(url.toString());
  await disconnectDb();
  process.env.DATABASE_URL = url.toString();
  await seed();
});

const FILTERS: Record<string, ExportFilter> = {
  all: { difficulty: [] },
  narrow: { topic: "Cardiology", difficulty: [2, 3] },
};

describe("export bytes on a varied fixture", () => {
  it("every format, approved (recorded) and all (not recorded), gives the figures of the Prisma-read renderer", async () => {
    const admin = await db.user.upsert({
      where: { id: "varied-admin" },
      create: { id: "varied-admin", email: "admin@varied.test", roles: ["ADMIN"] },
      update: {},
    });
    const got: Record<string, unknown> = {};
    for (const format of EXPORT_FORMATS) {
      for (const [name, filter] of Object.entries(FILTERS)) {
        const e = await createExport(format, filter, admin);
        const stored = Buffer.from(await new Response(exportStream(e.id)).arrayBuffer());
        expect(sha(stored)).toBe(e.sha256);
        expect(stored.length).toBe(e.byteSize);
        const items = await exportItems(e.id, 10_000);
        const audit = await db.auditEvent.findFirstOrThrow({
          where: { action: "export.create", targetId: e.id },
          select: { after: true },
        });
        const { licences, nonCommercial } = audit.after as { licences: unknown; nonCommercial: unknown };
        got[`approved.${format}.${name}`] = {
          sha256: e.sha256,
          bytes: e.byteSize,
          records: e.recordCount,
          items: sha(items.map((i) => `${i.position}:${i.seedId}:${i.version}`).join("\n")),
          sources: sha(JSON.stringify({ licences, nonCommercial })),
        };
        const all: Buffer[] = [];
        const r = await renderExport(format, filter, "ALL", {
          write: async (b) => void all.push(Buffer.from(b)),
        });
        const bytes = Buffer.concat(all);
        expect(sha(bytes)).toBe(r.sha256);
        got[`all.${format}.${name}`] = {
          sha256: r.sha256,
          bytes: bytes.length,
          records: r.count,
          sources: sha(JSON.stringify(r.sources)),
        };
      }
    }
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, `${JSON.stringify(got, null, 2)}\n`);
    expect(got).toEqual(JSON.parse(fs.readFileSync(GOLDEN, "utf8")));
  });

  it.each(EXPORT_FORMATS.filter((f) => FORMATS[f].sql))(
    "%s: PostgreSQL lays out every row exactly as the format's JavaScript layout does",
    async (format: ExportFormatName) => {
      const f = FORMATS[format];
      const rows = await db.$queryRaw<(ExportRow & { text: string })[]>`
        SELECT s."id", s."version", s."status"::text AS "status", s."instruction", s."input", s."output", s."topic",
               s."view", s."taskType", s."difficulty", s."note", u."email" AS "authorEmail", s."createdAt",
               s."updatedAt", s."sourceKind", s."citation", s."citationUrl", s."licence", s."adapted",
               ${f.sql as Prisma.Sql} AS "text"
        FROM "SeedTask" s JOIN "User" u ON u."id" = s."authorId"
        ORDER BY s."id"`;
      expect(rows.length).toBeGreaterThan(SEEDS);
      for (const r of rows) expect(r.text, r.id).toBe(f.row(r, 0));
    },
  );

  it("ten exports taken while seeds are archived and approved again: each file, item list and count are one moment", async () => {
    const admin = { id: "varied-admin", roles: ["ADMIN" as const] };
    await db.user.upsert({
      where: { id: admin.id },
      create: { id: admin.id, email: "admin@varied.test", roles: ["ADMIN"] },
      update: {},
    });
    const ids = (
      await db.seedTask.findMany({
        where: { status: "APPROVED" },
        select: { id: true },
        orderBy: { id: "asc" },
        take: 40,
      })
    ).map((s) => s.id);
    let done = false;
    let changes = 0;
    const churn = (async () => {
      for (let k = 0; !done && k < 100_000; k++) {
        await db.seedTask.update({
          where: { id: ids[k % ids.length] as string },
          data: { status: k % 80 < 40 ? "ARCHIVED" : "APPROVED" },
        });
        changes++;
      }
    })();
    const exports = await Promise.all(
      Array.from({ length: 10 }, () => createExport("jsonl", { difficulty: [] }, admin)),
    ).finally(() => {
      done = true;
    });
    await churn;
    expect(changes).toBeGreaterThan(0);
    for (const e of exports) {
      const text = Buffer.from(await new Response(exportStream(e.id)).arrayBuffer()).toString("utf8");
      const fileIds = text
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { id: string }).id);
      expect(fileIds.length).toBe(e.recordCount);
      const items = await exportItems(e.id, 10_000);
      expect(items.map((i) => i.seedId)).toEqual(fileIds);
      expect(sha(text)).toBe(e.sha256);
    }
  });
});
