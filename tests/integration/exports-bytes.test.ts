import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { renderExport } from "@/lib/exports/render";
import { createExport, exportItems, exportStream } from "@/lib/exports/store";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { EXPORT_FORMATS, type ExportFormatName } from "@/lib/validation/export";
import { ensureDatabaseExists } from "@/scripts/lib/embedded-db";

// Byte-for-byte: every format on seeds with the text that breaks naive writers (non-ASCII, emoji, control
// characters, quotes, CRLF, spreadsheet formulas, no difficulty, a draft that only the "all" export shows).
// The golden files were written by the generic renderer (tests/fixtures/export/bytes.<format>), then
// regenerated once when provenance added the source columns to jsonl and csv; regenerate deliberately with
// UPDATE_GOLDEN=1.
const GOLDEN = path.resolve("tests/fixtures/export");
const ext = (f: ExportFormatName) =>
  ({ alpacare: "json", "self-instruct": "jsonl", alpaca: "json", jsonl: "jsonl", csv: "csv" })[f];

const TEXTS = [
  "Ménière’s disease — naïve café, 心臓, عربى, 🫀",
  '=HYPERLINK("http://evil.test","click")',
  "+1 555 0100, -2 mg, @SUM(A1)",
  "'=already quoted once",
  "\t=a tab before a formula",
  'Line one\r\nline two "quoted", with commas\nand \\ back\\slashes',
  "controls \u0001 \u001f \u007f and line separators \u2028 \u2029",
  "   ",
  "Summarise the discharge letter for the patient in plain words.",
];

async function seed() {
  const author = await db.user.create({
    data: { id: "bytes-author", email: "bytes@golden.test", roles: ["AUTHOR"] },
  });
  let n = 0;
  for (const [i, instruction] of TEXTS.entries()) {
    const input = TEXTS[(i + 3) % TEXTS.length] as string;
    const at = new Date(Date.UTC(2026, 1, 1 + i, 12, 0, 0, i));
    await db.seedTask.create({
      data: {
        id: `bytes-seed-${++n}`,
        instruction,
        input: i % 4 === 0 ? "" : input,
        output: TEXTS[(i + 5) % TEXTS.length] as string,
        topic: i % 2 ? "Cardiology" : "Ünïcode topic",
        view: i % 3 ? "Patient" : "=cmd|' /C calc'!A0",
        taskType: i % 2 ? "Classification" : "Open Q&A",
        difficulty: i % 5 === 0 ? null : 1 + (i % 5),
        note: i % 3 ? "" : TEXTS[(i + 1) % TEXTS.length],
        status: i === TEXTS.length - 1 ? "DRAFT" : "APPROVED",
        authorId: author.id,
        contentHash: seedContentHash(instruction, input),
        // Found clear by the PHI screen at this revision (as an approval marks it; the draft too, so that the
        // "all" export renders it): the phone and URL look-alikes here are layout cases, not identifiers.
        phiClearVersion: 1,
        createdAt: at,
        updatedAt: at,
      },
    });
  }
}

async function read(stream: ReadableStream<Uint8Array>) {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

beforeAll(async () => {
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/medseed_bytes_${randomUUID().slice(0, 8)}`;
  await ensureDatabaseExists(url.toString());
  await applyMigrations(url.toString());
  await disconnectDb();
  process.env.DATABASE_URL = url.toString();
  await seed();
});

describe("export bytes", () => {
  it.each(EXPORT_FORMATS)(
    "%s: stored, downloaded and rendered bytes are the golden file's",
    async (format) => {
      const admin = await db.user.upsert({
        where: { id: "bytes-admin" },
        create: { id: "bytes-admin", email: "admin@golden.test", roles: ["ADMIN"] },
        update: {},
      });
      const e = await createExport(format, { difficulty: [] }, admin);
      expect(e.recordCount).toBe(TEXTS.length - 1);
      const stored = await read(exportStream(e.id));
      const all: Buffer[] = [];
      await renderExport(format, { difficulty: [] }, "ALL", { write: async (b) => void all.push(b) });
      const golden = (scope: string) => path.join(GOLDEN, `bytes.${scope}.${format}.${ext(format)}`);
      if (process.env.UPDATE_GOLDEN) {
        fs.writeFileSync(golden("approved"), stored);
        fs.writeFileSync(golden("all"), Buffer.concat(all));
      }
      expect(stored.equals(fs.readFileSync(golden("approved")))).toBe(true);
      expect(Buffer.concat(all).equals(fs.readFileSync(golden("all")))).toBe(true);
      // The item list names the same seeds in the file's order.
      const items = await exportItems(e.id);
      expect(items.map((i) => i.position)).toEqual(items.map((_, k) => k));
      if (format === "jsonl") {
        const ids = stored
          .toString("utf8")
          .trim()
          .split("\n")
          .map((l) => (JSON.parse(l) as { id: string }).id);
        expect(items.map((i) => i.seedId)).toEqual(ids);
      }
    },
  );

  it("ten exports at once give the same bytes", async () => {
    const admin = { id: "bytes-admin", roles: ["ADMIN" as const] };
    await db.user.upsert({
      where: { id: "bytes-admin" },
      create: { id: "bytes-admin", email: "admin@golden.test", roles: ["ADMIN"] },
      update: {},
    });
    const all = await Promise.all(
      Array.from({ length: 10 }, () => createExport("csv", { difficulty: [] }, admin)),
    );
    expect(new Set(all.map((e) => e.sha256)).size).toBe(1);
  });
});
