import { describe, expect, it, vi } from "vitest";
import { commitImportAction, startImportAction } from "@/app/(app)/seeds/import/actions";
import { db } from "@/lib/db";
import { ALPACARE_CITATION } from "@/lib/seeds/import/source";
import { importSeedFile } from "@/lib/seeds/use-cases/import-seeds";
import { fixture } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

isolateDatabase();

const bytes = (s: string) => new TextEncoder().encode(s);
const uniq = () => Math.random().toString(36).slice(2, 10);

async function sources(authorId: string) {
  return db.seedTask.findMany({
    where: { authorId },
    select: {
      instruction: true,
      sourceKind: true,
      citation: true,
      citationUrl: true,
      licence: true,
      adapted: true,
    },
    orderBy: { instruction: "asc" },
  });
}

describe("importing sets the source of every row", () => {
  it("an AlpaCare seed file defaults to CC BY-NC 4.0 with the AlpaCare paper cited, on tasks and revisions", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const report = await importSeedFile(admin, {
      fileName: "alpacare.json",
      status: "DRAFT",
      bytes: fixture("alpacare.json"),
    });
    expect(report.shape).toBe("alpacare");
    expect(report.counts.created).toBeGreaterThan(0);
    expect(report.source?.applied).toMatchObject({ licence: "CC-BY-NC-4.0", sourceKind: "PUBLIC_DATASET" });
    const rows = await sources(admin.id);
    expect(rows).toHaveLength(report.counts.created);
    for (const r of rows)
      expect(r).toMatchObject({
        sourceKind: "PUBLIC_DATASET",
        licence: "CC-BY-NC-4.0",
        citation: ALPACARE_CITATION,
        citationUrl: "https://arxiv.org/abs/2310.14558",
      });
    expect(ALPACARE_CITATION).toMatch(
      /AlpaCare: Instruction-tuned Large Language Models for Medical Application/,
    );
    expect(ALPACARE_CITATION).toMatch(/2310\.14558/);
    const revisions = await db.seedRevision.findMany({ where: { seed: { authorId: admin.id } } });
    expect(revisions.every((r) => r.licence === "CC-BY-NC-4.0" && r.sourceKind === "PUBLIC_DATASET")).toBe(
      true,
    );
  });

  it("flags (the CLI's --licence, --source-kind...) override the file's suggestion; rows that state their own keep it", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const id = uniq();
    const file = [
      { instruction: `Explain what a troponin rise means ${id} one.`, task_type: "Open Q&A" },
      {
        instruction: `Summarise the stroke guideline for a nurse ${id} two.`,
        task_type: "Summarization",
        source_kind: "GUIDELINE",
        citation: "AHA/ASA 2019 acute ischaemic stroke guideline",
        citation_url: "https://www.ahajournals.org/doi/10.1161/STR.0000000000000211",
        license: "cc-by-4.0",
        adapted: true,
      },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const report = await importSeedFile(admin, {
      fileName: "mixed.jsonl",
      status: "DRAFT",
      bytes: bytes(file),
      source: { sourceKind: "TEXTBOOK", citation: "Harrison's 21st ed.", licence: "internal" },
    });
    expect(report.errors).toEqual([]);
    expect(report.source?.rowsWithOwn).toBe(1);
    const [one, two] = await sources(admin.id);
    expect(one).toMatchObject({
      sourceKind: "TEXTBOOK",
      citation: "Harrison's 21st ed.",
      licence: "internal",
    });
    expect(two).toMatchObject({
      sourceKind: "GUIDELINE",
      licence: "CC-BY-4.0",
      adapted: true,
      citationUrl: "https://www.ahajournals.org/doi/10.1161/STR.0000000000000211",
    });
  });

  it("refuses a row whose own licence or URL is bad, naming its line; nothing is written", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const file = [
      JSON.stringify({ instruction: `List causes of chest pain ${uniq()}.`, licence: "CC-BY-NC-9.9" }),
      JSON.stringify({ instruction: `List causes of dyspnoea ${uniq()}.`, citation_url: "ftp://x.org/a" }),
    ].join("\n");
    const report = await importSeedFile(admin, {
      fileName: "bad.jsonl",
      status: "DRAFT",
      bytes: bytes(file),
    });
    expect(report.errors.map((e) => [e.line, e.field])).toEqual([
      [1, "licence"],
      [2, "citationUrl"],
    ]);
    expect(await db.seedTask.count({ where: { authorId: admin.id } })).toBe(0);
  });

  it("the preview proposes AlpaCare's terms and imports with what the person chose instead", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const form = new FormData();
    // the same file as the first test, under another author: every row is a duplicate, so vary it
    const text = new TextDecoder()
      .decode(fixture("alpacare.json"))
      .replace(/"instruction": "/g, `"instruction": "${uniq()} `);
    form.set("file", new File([text], "alpacare.json"));
    const started = await startImportAction(form);
    if (!started.ok) throw new Error(started.message);
    expect(started.data.report?.source?.suggested).toMatchObject({
      licence: "CC-BY-NC-4.0",
      citation: ALPACARE_CITATION,
    });
    const done = await commitImportAction({
      id: started.data.id,
      source: {
        sourceKind: "PUBLIC_DATASET",
        licence: "CC-BY-NC-SA-4.0",
        citation: "Our copy",
        adapted: true,
      },
    });
    if (!done.ok) throw new Error(done.message);
    expect(done.data.state).toBe("COMMITTED");
    const rows = await sources(author.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(r).toMatchObject({ licence: "CC-BY-NC-SA-4.0", citation: "Our copy", adapted: true });
  });
});
