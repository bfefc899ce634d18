import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createSeedAction, updateSeedAction } from "@/lib/seeds/actions";
import { getSourceCoverage } from "@/lib/seeds/coverage-sources";
import { listSeeds } from "@/lib/seeds/list";
import { getSeedRevisions } from "@/lib/seeds/queries";
import { updateSeedTask } from "@/lib/seeds/use-cases/update-seed-task";
import { seedListParams, seedListQuerySchema } from "@/lib/validation/seed-list";
import { makeUser } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

const SOURCE = {
  sourceKind: "GUIDELINE" as const,
  citation: "NICE NG136: Hypertension in adults, 2019 (updated 2023)",
  citationUrl: "https://www.nice.org.uk/guidance/ng136",
  licence: "cc-by-4.0",
  adapted: true,
};

const form = (instruction: string, over: Record<string, unknown> = {}) => ({
  instruction,
  input: "",
  output: "",
  topic: "Cardiology",
  view: "Medical Student",
  taskType: "Open Q&A",
  difficulty: 2,
  note: "",
  ...SOURCE,
  ...over,
});

describe("provenance on seed tasks", () => {
  it("is saved with the task and kept through ten edits, on the task and on every revision", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const created = await createSeedAction(form("Explain the first-line treatment of stage 1 hypertension."));
    if (!created.ok) throw new Error(created.message);
    expect(await db.seedTask.findUniqueOrThrow({ where: { id: created.data.id } })).toMatchObject({
      ...SOURCE,
      licence: "CC-BY-4.0",
    });
    let version = created.data.version;
    // The editor sends every field with every autosave; the API's PATCH sends only the instruction.
    for (let i = 1; i <= 10; i++) {
      const instruction = `Explain the first-line treatment of stage 1 hypertension (edit ${i}).`;
      if (i % 2) {
        const r = await updateSeedAction({ ...form(instruction), id: created.data.id, version });
        if (!r.ok) throw new Error(r.message);
        version = r.data.version;
      } else {
        version = (await updateSeedTask(author, { id: created.data.id, version, instruction })).version;
      }
    }
    expect(version).toBe(11);
    const row = await db.seedTask.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(row).toMatchObject({ ...SOURCE, licence: "CC-BY-4.0", version: 11 });
    const revisions = await getSeedRevisions(created.data.id);
    expect(revisions).toHaveLength(11);
    for (const r of revisions) expect(r).toMatchObject({ ...SOURCE, licence: "CC-BY-4.0" });
  });

  it("changes only through a version-checked save, recorded as a revision and in the audit", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const created = await createSeedAction(form("Summarise the 2023 sepsis bundle for a nurse."));
    if (!created.ok) throw new Error(created.message);
    const id = created.data.id;
    const changed = await updateSeedTask(author, { id, version: 1, licence: "CC-BY-NC-4.0", adapted: false });
    expect(changed).toMatchObject({ version: 2, licence: "CC-BY-NC-4.0", adapted: false });
    // A save from the old version is refused and changes nothing.
    await expect(updateSeedTask(author, { id, version: 1, licence: "MIT" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const [latest, first] = await getSeedRevisions(id);
    expect(latest).toMatchObject({ version: 2, licence: "CC-BY-NC-4.0", adapted: false });
    expect(first).toMatchObject({ version: 1, licence: "CC-BY-4.0", adapted: true });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: id, action: "seed.edit" },
      orderBy: { at: "desc" },
    });
    expect(audit.before).toEqual({ licence: "CC-BY-4.0", adapted: true });
    expect(audit.after).toEqual({ licence: "CC-BY-NC-4.0", adapted: false });
  });

  it("refuses a citation URL that is not http(s) and an unknown licence, naming the field, writing nothing", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const before = await db.seedTask.count({ where: { authorId: author.id } });
    const r = await createSeedAction(
      form("List the red flags of back pain.", { citationUrl: "javascript:alert(1)", licence: "CC-BY-NC-9" }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors?.citationUrl?.[0]).toMatch(/http:\/\/ or https:\/\//);
    expect(r.fieldErrors?.licence?.[0]).toMatch(/SPDX/);
    expect(await db.seedTask.count({ where: { authorId: author.id } })).toBe(before);
  });

  it("records nothing-said (UNKNOWN, NOASSERTION) for a task created without a source", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const {
      sourceKind: _k,
      citation: _c,
      citationUrl: _u,
      licence: _l,
      adapted: _a,
      ...bare
    } = form("Describe the Apgar score to a new parent.");
    const r = await createSeedAction(bare);
    if (!r.ok) throw new Error(r.message);
    expect(await db.seedTask.findUniqueOrThrow({ where: { id: r.data.id } })).toMatchObject({
      sourceKind: "UNKNOWN",
      licence: "NOASSERTION",
      citation: "",
      adapted: false,
    });
  });

  it("filters the list by source and licence, kept in the URL, and counts them on the coverage dashboard", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const tag = Math.random().toString(36).slice(2, 8);
    const before = await getSourceCoverage("all");
    for (const [i, licence] of ["CC-BY-NC-SA-4.0", "CC-BY-NC-SA-4.0", "MIT"].entries()) {
      const r = await createSeedAction(
        form(`Outline the ${tag} paediatric asthma plan, step ${i}.`, { sourceKind: "TEXTBOOK", licence }),
      );
      if (!r.ok) throw new Error(r.message);
    }
    const query = seedListQuerySchema.parse({ source: "TEXTBOOK", licence: "CC-BY-NC-SA-4.0", q: tag });
    const url = seedListParams(query).toString();
    expect(url).toContain("source=TEXTBOOK");
    expect(url).toContain("licence=CC-BY-NC-SA-4.0");
    const page = await listSeeds(seedListQuerySchema.parse(Object.fromEntries(new URLSearchParams(url))));
    expect(page.rows.map((r) => r.instruction).sort()).toEqual([
      `Outline the ${tag} paediatric asthma plan, step 0.`,
      `Outline the ${tag} paediatric asthma plan, step 1.`,
    ]);
    expect(seedListQuerySchema.parse({ source: "BLOG" }).source).toBeUndefined();
    const after = await getSourceCoverage("all");
    const kind = (c: typeof after) => c.kinds.find((k) => k.kind === "TEXTBOOK")?.count ?? 0;
    expect(kind(after) - kind(before)).toBe(3);
    expect(after.licences.find((l) => l.licence === "CC-BY-NC-SA-4.0")).toMatchObject({
      nonCommercial: true,
    });
  });
});
