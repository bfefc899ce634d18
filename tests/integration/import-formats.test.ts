import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import type { ImportReport } from "@/lib/seeds/import/types";
import { fixture } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

async function run(
  name: string,
  opts: { status?: "DRAFT" | "APPROVED"; dryRun?: boolean; roles?: ("AUTHOR" | "ADMIN")[] } = {},
) {
  const user = await makeUser({ roles: opts.roles ?? ["ADMIN"] });
  const report = await importSeedsFromBuffer(fixture(name), {
    fileName: name,
    status: opts.status ?? "DRAFT",
    actor: { id: user.id, roles: user.roles },
    dryRun: opts.dryRun,
  });
  return { report, user };
}

const seedsOf = (authorId: string) =>
  db.seedTask.findMany({ where: { authorId }, orderBy: { createdAt: "asc" }, include: { revisions: true } });
const mapping = (r: ImportReport) =>
  Object.fromEntries(r.typeMapping.map((m) => [m.from, `${m.to} (${m.count})`]));

describe("import: AlpaCare JSON", () => {
  it("detects the shape, maps type variants, folds <noinput>, keeps non-ASCII and HTML as text; a re-import creates nothing", async () => {
    const preview = (await run("alpacare.json", { status: "APPROVED", dryRun: true })).report;
    expect(preview).toMatchObject({ format: "json", shape: "alpacare", committed: false });
    expect(preview.counts).toMatchObject({
      rows: 6,
      valid: 6,
      errors: 0,
      toCreate: 6,
      created: 0,
      noInput: 2,
    });
    expect(await db.seedTask.count()).toBe(0); // a preview writes nothing

    const { report, user } = await run("alpacare.json", { status: "APPROVED" });
    expect(report.committed).toBe(true);
    expect(report.counts).toMatchObject({ rows: 6, created: 6, duplicates: 0, errors: 0 });
    expect(mapping(report)).toMatchObject({
      "Open-ended Q&A": "Open Q&A (1)",
      Rewrites: "Rewrite (1)",
      "Multi-hop reasoning": "Multiple-hop reasoning (1)",
      "Classification Task": "Classification (1)",
      "USMLE Style Q&A": "USMLE style Q&A (1)",
      "Single-Hop Reasoning": "Single-hop reasoning (1)",
    });
    // "Medical student" and "Medical Student" are one view: the second spelling folds onto the first.
    expect(report.tagMapping).toEqual([
      { kind: "view", from: "Medical Student", to: "Medical student", count: 1 },
    ]);

    const seeds = await seedsOf(user.id);
    expect(seeds).toHaveLength(6);
    expect(seeds.every((s) => s.status === "APPROVED" && s.version === 1)).toBe(true);
    expect(seeds.map((s) => s.difficulty)).toEqual([2, 3, 4, 1, 5, 2]);
    expect(seeds[0]?.input).toBe("");
    expect(seeds[1]?.input).toContain("Müdigkeit, kalte Hände");
    expect(seeds[3]?.instruction).toContain("<script>alert('x')</script>"); // stored verbatim, rendered as text
    expect(seeds[3]?.input).toContain("糖尿病");
    for (const s of seeds)
      expect(s.revisions).toMatchObject([{ version: 1, change: "import", editorId: user.id }]);
    const audit = await db.auditEvent.findMany({ where: { actorId: user.id, action: "seed.import" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({
      file: "alpacare.json",
      format: "json",
      created: 6,
      duplicates: 0,
      status: "APPROVED",
    });

    const again = await run("alpacare.json", { status: "APPROVED" });
    expect(again.report.counts).toMatchObject({ rows: 6, created: 0, duplicates: 6 });
    expect(again.report.duplicates.map((d) => d.line)).toEqual([2, 10, 18, 26, 34, 42]);
    expect(new Set(again.report.duplicates.map((d) => d.existingId))).toEqual(
      new Set(seeds.map((s) => s.id)),
    );
    expect(await db.seedTask.count({ where: { contentHash: { in: seeds.map((s) => s.contentHash) } } })).toBe(
      6,
    );
  });
});

describe("import: Self-Instruct JSON Lines", () => {
  it("takes the first instance, warns about the others and about the missing tags; drafts only", async () => {
    const { report, user } = await run("self-instruct.jsonl", { roles: ["AUTHOR"] });
    expect(report).toMatchObject({ format: "jsonl", shape: "self-instruct", committed: true });
    expect(report.counts).toMatchObject({ rows: 3, created: 3 });
    expect(report.warnings).toContainEqual({
      line: 2,
      row: 2,
      message: "2 extra instances ignored (only the first is imported).",
    });
    expect(report.warnings.some((w) => /3 rows lack a topic, view, type or difficulty/.test(w.message))).toBe(
      true,
    );
    const seeds = await seedsOf(user.id);
    expect(seeds.map((s) => s.status)).toEqual(["DRAFT", "DRAFT", "DRAFT"]);
    // is_classification: true is all the type a Self-Instruct task has; it is kept as "Classification".
    expect(seeds[1]).toMatchObject({
      input: "Symptom: wheezing",
      output: "respiratory",
      topic: "",
      taskType: "Classification",
      difficulty: null,
    });

    // As approved, every row lacks the tags: each is an error naming its line, and nothing is written.
    const approved = await run("self-instruct.jsonl", { status: "APPROVED" });
    expect(approved.report.committed).toBe(false);
    expect(approved.report.counts.errors).toBe(3);
    expect(approved.report.errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      "1:topic, view, type, difficulty",
      "2:topic, view, difficulty",
      "3:topic, view, type, difficulty",
    ]);
    expect(approved.report.errors[0]?.message).toMatch(
      /approved import needs topic, view, type and difficulty/,
    );
  });
});

describe("import: Alpaca JSON", () => {
  it("reports a duplicate within the file and flags a near-duplicate", async () => {
    const { report, user } = await run("alpaca.json");
    expect(report).toMatchObject({ format: "json", shape: "alpaca" });
    expect(report.counts).toMatchObject({ rows: 4, created: 3, duplicates: 1, nearDuplicates: 1 });
    expect(report.duplicates).toEqual([expect.objectContaining({ line: 17, row: 4, sameAsLine: 2 })]);
    expect(report.nearDuplicates).toEqual([
      expect.objectContaining({ line: 12, similar: expect.objectContaining({ line: 2 }) }),
    ]);
    expect(report.nearDuplicates[0]?.score).toBeGreaterThan(0.7);
    expect((await seedsOf(user.id)).map((s) => s.output)).toContain("Longer answer."); // flagged, still imported
  });
});

describe("import: CSV", () => {
  it("reads quoted commas, doubled quotes and line breaks, with the line each row starts on", async () => {
    const { report, user } = await run("medseed.csv");
    expect(report).toMatchObject({ format: "csv", shape: "medseed" });
    expect(report.counts).toMatchObject({ rows: 3, created: 3, noInput: 1 });
    expect(report.sample.map((s) => s.line)).toEqual([2, 3, 5]);
    expect(mapping(report)).toMatchObject({ Summarizations: "Summarization (1)" });
    const seeds = await seedsOf(user.id);
    expect(seeds[0]?.instruction).toBe("Explain, in simple terms, what a blood pressure of 150/95 means.");
    expect(seeds[1]).toMatchObject({
      input: 'Line one of the note,\nline two with "quotes" and a comma, here.',
      note: "reviewed, ok",
      difficulty: 2,
    });
  });
});
