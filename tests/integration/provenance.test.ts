import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createSeedAction, updateSeedAction } from "@/lib/seeds/actions";
import { getSeedRevisions } from "@/lib/seeds/queries";
import { updateSeedTask } from "@/lib/seeds/use-cases/update-seed-task";
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
});
