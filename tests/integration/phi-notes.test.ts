import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { markNotPhiAction } from "@/lib/phi/actions";
import { reviewSeedAction, submitSeedAction } from "@/lib/review/actions";
import { createSeedAction, updateSeedAction } from "@/lib/seeds/actions";
import { importSeedFile } from "@/lib/seeds/use-cases/import-seeds";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { refusal } from "../support/refusal";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// A seed's note goes into MedSeed's JSONL and CSV exports, so it is screened for patient identifiers like the
// task's text: approval waits for its findings, a reviewer can mark one "not PHI", the import reports them, an
// export screens it, and seeds approved before notes were screened are screened again at their next export.
// Own database: exports take every approved seed.
isolateDatabase();

const NOTE = "Based on Mr. Jonathan Whitfield's admission; his daughter is on 07700 900123.";
const seed = (n: number | string, note: string) => ({
  instruction: `Explain the causes of hyponatraemia, case ${n}.`,
  topic: "Nephrology",
  view: "Resident",
  taskType: "Open Q&A",
  difficulty: 2,
  note,
});

describe("PHI screening of seed notes", () => {
  it("approval waits for a note's findings; a new note reopens; 'not PHI' on a note finding lets it through", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    signInAs(author);
    const c = await createSeedAction(seed(1, NOTE));
    if (!c.ok) throw new Error(c.message);
    const id = c.data.id;
    expect(await submitSeedAction({ id, version: 1 })).toMatchObject({ ok: true });

    signInAs(reviewer);
    const refused = await reviewSeedAction({ id, version: 1, action: "approve" });
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(refused.ok ? "" : refused.message).toMatch(/PHONE "07700 900123" in note/);
    expect(refused.ok ? "" : refused.message).toMatch(/NAME "[^"]*Whitfield[^"]*" in note/);

    // Sent back; the author edits the note again and again (each edit screened as it stands).
    expect(
      await reviewSeedAction({
        id,
        version: 1,
        action: "request_changes",
        reason: "The note names the patient",
      }),
    ).toMatchObject({ ok: true });
    signInAs(author);
    let version = (await db.seedTask.findUniqueOrThrow({ where: { id } })).version;
    for (let i = 0; i < 10; i++) {
      const note =
        i % 2
          ? `Case seen on ward ${i}; call 07700 90${String(1000 + i)} for details.`
          : `Teaching case ${i}.`;
      const u = await updateSeedAction({ id, version, ...seed(1, note) });
      if (!u.ok) throw new Error(u.message);
      version = u.data.version;
    }
    // The last note (i = 9) holds a phone number.
    expect(await submitSeedAction({ id, version })).toMatchObject({ ok: true });
    version = (await db.seedTask.findUniqueOrThrow({ where: { id } })).version;
    signInAs(reviewer);
    const again = await reviewSeedAction({ id, version, action: "approve" });
    expect(again.ok ? "" : again.message).toMatch(/PHONE "07700 901009" in note/);

    const marked = await markNotPhiAction({
      targetId: id,
      field: "note",
      category: "PHONE",
      text: "07700 901009",
      reason: "The ward's switchboard, not a patient's number",
    });
    expect(marked).toMatchObject({ ok: true, data: { resolved: 1, remaining: 0 } });
    expect(await reviewSeedAction({ id, version, action: "approve" })).toMatchObject({
      ok: true,
      data: { status: "APPROVED" },
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).phiClearVersion).toBe(version);
  });

  it("the import reports a note's findings by line", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const tag = `n${Math.random()}`;
    const rows = [
      { ...seed(tag, ""), type: "Open Q&A", difficulty: "2" },
      { ...seed(`${tag}b`, NOTE), type: "Open Q&A", difficulty: "2" },
    ];
    const bytes = new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join("\n"));
    const report = await importSeedFile(
      { id: author.id, roles: author.roles },
      { fileName: "s.jsonl", status: "DRAFT", bytes, refusePhi: true },
    );
    expect(report.committed).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/PHONE "07700 900123" in note/) }),
    ]);
  });

  it("seeds approved before notes were screened are screened at their next export (the migration), every format", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
    const make = (n: number, note: string) =>
      db.seedTask.create({
        data: {
          ...seed(`approved ${n}`, note),
          topic: "Renal medicine",
          status: "APPROVED",
          contentHash: `h-note-${n}-${Math.random()}`,
          authorId: admin.id,
          // found clear by an approval that did not read the note
          phiClearVersion: 1,
        },
      });
    const withNote = await make(1, NOTE);
    const plainNote = await make(2, "Adapted from a teaching case; no patient details.");
    await make(3, "");
    // Cleared seeds are not screened again: the export holds the identifier in its note.
    const before = await createExport(actor, {
      format: "jsonl",
      filter: { topic: "Renal medicine", difficulty: [] },
    });
    expect(before.recordCount).toBe(3);

    const sql = fs.readFileSync(
      path.join(process.cwd(), "prisma/migrations/20261205143000_seed_phi_screen_notes/migration.sql"),
      "utf8",
    );
    await db.$executeRawUnsafe(sql);
    const cleared = await db.seedTask.findMany({
      where: { topic: "Renal medicine" },
      select: { id: true, phiClearVersion: true },
    });
    expect(Object.fromEntries(cleared.map((s) => [s.id, s.phiClearVersion]))).toMatchObject({
      [withNote.id]: null,
      [plainNote.id]: null,
    });
    expect(cleared.filter((s) => s.phiClearVersion === 1)).toHaveLength(1);

    for (const format of ["jsonl", "csv", "alpacare"] as const) {
      const message = await refusal(
        createExport(actor, { format, filter: { topic: "Renal medicine", difficulty: [] } }),
      );
      expect(message).toContain(`seed ${withNote.id}`);
      expect(message).toMatch(/PHONE "07700 900123" in note/);
      expect(message).not.toContain(plainNote.id);
    }
    const accepted = await createExport(actor, {
      format: "jsonl",
      filter: { topic: "Renal medicine", difficulty: [] },
      acceptPhi: "Checked with the author: a made-up case",
    });
    expect(accepted).toMatchObject({ recordCount: 3, phiAccepted: 2 });
    expect(await db.phiResolution.count({ where: { targetId: withNote.id, field: "note" } })).toBe(2);
  });
});
