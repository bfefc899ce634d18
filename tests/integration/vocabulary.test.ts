import { describe, expect, it, vi } from "vitest";
import { addAliasAction, addTermAction, mergeTermsAction } from "@/app/(app)/admin/vocabulary/actions";
import { db } from "@/lib/db";
import { canonicalTaskType } from "@/lib/model/task-types";
import { guessViewGroup } from "@/lib/model/vocabulary";
import { createSeedAction } from "@/lib/seeds/actions";
import { importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { resolveTerm } from "@/lib/vocabulary/resolve";
import { makeUser } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const unique = () => Math.random().toString(36).slice(2, 8);

describe("task types", () => {
  it.each([
    ["Rewrites", "Rewrite"],
    ["Multi-hop reasoning", "Multiple-hop reasoning"],
    ["Multiple Hop Reasoning", "Multiple-hop reasoning"],
    ["Classification Task", "Classification"],
    ["Single-Hop Reasoning", "Single-hop reasoning"],
    ["USMLE Style Q&A", "USMLE style Q&A"],
    ["Multiple Choice Q&A", "Multiple-choice Q&A"],
    ["Open-ended Q&A", "Open Q&A"],
    ["Summarizations", "Summarization"],
    ["Text Generation", "Text generation"],
    ["Rewriting", "Rewrite"],
  ])("%s folds onto %s", (raw, canonical) => {
    expect(canonicalTaskType(raw)).toBe(canonical);
  });

  it("knows nothing of unrelated words", () => {
    expect(canonicalTaskType("Interpretive dance")).toBeNull();
  });
});

describe("views", () => {
  it.each([
    ["Patient's Perspective", "PATIENT_PUBLIC"],
    ["Parent of teenager", "PATIENT_PUBLIC"],
    ["General Public", "PATIENT_PUBLIC"],
    ["Medical Student", "TRAINEE"],
    ["Pathology Resident", "TRAINEE"],
    ["Intern Doctor", "TRAINEE"],
    ["Radiologist", "PROFESSIONAL"],
    ["Registered Nurse", "PROFESSIONAL"],
  ])("%s is guessed as %s", (view, group) => {
    expect(guessViewGroup(view)).toBe(group);
  });
});

describe("managing the vocabulary", () => {
  it("folds case and spacing variants onto one value, and aliases onto it", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    signInAs(admin);
    const v = `Geriatric Nurse ${unique()}`;
    expect((await resolveTerm("VIEW", v)).value).toBe(v);
    expect((await resolveTerm("VIEW", `  ${v.toLowerCase()}  `)).value).toBe(v);
    const term = await db.vocabularyTerm.findFirstOrThrow({ where: { kind: "VIEW", value: v } });
    expect(
      await addAliasAction({ termId: term.id, alias: `Nurse (geriatric) ${v.slice(-6)}` }),
    ).toMatchObject({ ok: true });
    expect((await resolveTerm("VIEW", `nurse (GERIATRIC) ${v.slice(-6)}`)).value).toBe(v);
  });

  it("merging rewrites every task using the old value in one go, with a revision each", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const [keep, old] = [`Cardiology ${unique()}`, `Cardio ${unique()}`];
    const ids: string[] = [];
    for (const topic of [keep, old, old]) {
      const r = await createSeedAction({
        instruction: `Explain atrial fibrillation ${unique()}`,
        topic,
        taskType: "Open Q&A",
      });
      if (!r.ok) throw new Error(r.message);
      ids.push(r.data.id);
    }
    const into = await db.vocabularyTerm.findFirstOrThrow({ where: { kind: "TOPIC", value: keep } });
    const from = await db.vocabularyTerm.findFirstOrThrow({ where: { kind: "TOPIC", value: old } });
    expect(await mergeTermsAction({ fromId: from.id, intoId: into.id })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });

    signInAs(await makeUser({ roles: ["ADMIN"] }));
    expect(await mergeTermsAction({ fromId: from.id, intoId: into.id })).toMatchObject({
      ok: true,
      data: { tasksUpdated: 2 },
    });
    const tasks = await db.seedTask.findMany({ where: { id: { in: ids } } });
    expect(tasks.map((t) => t.topic)).toEqual([keep, keep, keep]);
    expect(tasks.filter((t) => t.version === 2)).toHaveLength(2);
    expect(await db.seedRevision.count({ where: { seedId: { in: ids }, change: "vocabulary-merge" } })).toBe(
      2,
    );
    expect(await db.vocabularyTerm.findUnique({ where: { id: from.id } })).toBeNull();
    expect((await resolveTerm("TOPIC", old)).value).toBe(keep);
  });

  it("never merges a built-in task type away, and refuses duplicates", async () => {
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    const chat = await db.vocabularyTerm.findFirstOrThrow({ where: { kind: "TASK_TYPE", value: "Chat" } });
    const rewrite = await db.vocabularyTerm.findFirstOrThrow({
      where: { kind: "TASK_TYPE", value: "Rewrite" },
    });
    expect(await mergeTermsAction({ fromId: chat.id, intoId: rewrite.id })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
    expect(await addTermAction({ kind: "TASK_TYPE", value: "chat" })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
    const custom = `Triage ${unique()}`;
    expect(await addTermAction({ kind: "TASK_TYPE", value: custom })).toMatchObject({ ok: true });
    expect((await resolveTerm("TASK_TYPE", custom.toUpperCase())).value).toBe(custom);
  });
});

describe("invisible characters in vocabulary values", () => {
  // Zero-width and bidirectional control characters make two values look the same (or a value look like
  // another) while they never match: refused wherever a value enters, with the character named.
  const INVISIBLE = [
    ["\u200b", "U+200B"],
    ["\u200d", "U+200D"],
    ["\u2060", "U+2060"],
    ["\ufeff", "U+FEFF"],
    ["\u202e", "U+202E"],
    ["\u2067", "U+2067"],
    ["\u200f", "U+200F"],
    ["\u061c", "U+061C"],
    ["\u00ad", "U+00AD"],
    ["\u0007", "U+0007"],
  ] as const;

  it("an admin's new term or alias is refused, naming the character", async () => {
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    const term = await db.vocabularyTerm.findFirstOrThrow({ where: { kind: "TASK_TYPE", value: "Chat" } });
    const tried: string[] = [];
    for (const [char, code] of INVISIBLE) {
      const value = `Cardio${char}logy ${unique()}`;
      tried.push(value);
      const added = await addTermAction({ kind: "TOPIC", value });
      expect(added, code).toMatchObject({
        ok: false,
        code: "INVALID",
        fieldErrors: { value: expect.any(Array) },
      });
      expect(added.ok === false && added.message).toContain(code);
      const alias = await addAliasAction({ termId: term.id, alias: `chit${char}chat ${unique()}` });
      expect(alias, code).toMatchObject({
        ok: false,
        code: "INVALID",
        fieldErrors: { alias: expect.any(Array) },
      });
    }
    expect(await db.vocabularyTerm.count({ where: { value: { in: tried } } })).toBe(0);
  });

  it("an author's free-text topic or view is refused the same way; nothing is saved", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    for (const [char, code] of INVISIBLE) {
      for (const field of ["topic", "view"] as const) {
        const result = await createSeedAction({
          instruction: "Explain the Wells score for pulmonary embolism.",
          [field]: `Pulmo${char}nology ${unique()}`,
        });
        expect(result, `${field} ${code}`).toMatchObject({
          ok: false,
          fieldErrors: { [field]: expect.any(Array) },
        });
      }
    }
    expect(await db.seedTask.count({ where: { authorId: author.id } })).toBe(0);
  });

  it("imported rows with such a topic are errors on their line", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const rows = [
      {
        instruction: "Explain the Wells score.",
        topic: `Pulmo\u200bnology`,
        view: "Resident",
        type: "Open Q&A",
        difficulty: 2,
      },
    ];
    const report = await importSeedsFromBuffer(Buffer.from(JSON.stringify(rows)), {
      fileName: "x.json",
      status: "APPROVED",
      actor: admin,
    });
    expect(report.counts.created).toBe(0);
    expect(report.errors).toEqual([
      expect.objectContaining({ field: "topic", message: expect.stringContaining("U+200B") }),
    ]);
  });

  it("compatibility forms fold by NFKC: a full-width value is the plain one", async () => {
    const v = `Hepatology ${unique()}`;
    expect((await resolveTerm("TOPIC", v)).value).toBe(v);
    const wide = v.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect((await resolveTerm("TOPIC", wide)).value).toBe(v);
  });
});
