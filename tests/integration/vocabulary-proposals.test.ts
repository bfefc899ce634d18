import { describe, expect, it, vi } from "vitest";
import { acceptProposalsAction, decideProposalAction } from "@/app/(app)/admin/vocabulary/actions";
import { db } from "@/lib/db";
import { reviewSeedTask } from "@/lib/review/use-cases/review-seed-task";
import { submitSeedTask } from "@/lib/review/use-cases/submit-seed-task";
import { createSeedAction, updateSeedAction } from "@/lib/seeds/actions";
import { importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { seedFilterOptions } from "@/lib/seeds/list";
import { createSeed } from "@/lib/seeds/mutations";
import { vocabularyForEditor } from "@/lib/seeds/queries";
import { sourceSchema } from "@/lib/validation/source";
import { resolveTerm, suggestTerms } from "@/lib/vocabulary/resolve";
import { acceptVocabularyProposals } from "@/lib/vocabulary/use-cases/accept-proposals";
import { decideVocabularyProposal } from "@/lib/vocabulary/use-cases/decide-proposal";
import { makeUser } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// A new topic or view typed by an author is a proposal: offered back to its author (marked proposed), to
// nobody else, in no one else's filter, until an admin accepts, merges or rejects it.

const unique = () => Math.random().toString(36).slice(2, 8);
const term = (kind: "TOPIC" | "VIEW", value: string) =>
  db.vocabularyTerm.findFirstOrThrow({
    where: { kind, value },
    include: { proposers: true },
  });

async function seedAs(user: { id: string }, topic: string, view = "Nurse") {
  signInAs(user);
  const r = await createSeedAction({
    instruction: `Explain the management of ${topic} ${unique()}`,
    topic,
    view,
    taskType: "Open Q&A",
  });
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

describe("vocabulary proposals", () => {
  it("an author's new value is theirs alone until an admin accepts it; an admin's is accepted at once", async () => {
    const [alice, bob, admin] = await Promise.all([
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["ADMIN"] }),
    ]);
    const topic = `Tropical dermatology ${unique()}`;
    await seedAs(alice, topic);
    const proposed = await term("TOPIC", topic);
    expect(proposed.status).toBe("PROPOSED");
    expect(proposed.proposers.map((p) => p.userId)).toEqual([alice.id]);

    const forAlice = await vocabularyForEditor(alice.id);
    expect(forAlice.topics).toContain(topic);
    expect(forAlice.proposed).toContain(topic);
    expect((await vocabularyForEditor(bob.id)).topics).not.toContain(topic);
    expect((await seedFilterOptions(alice.id)).topics).toContain(topic);
    expect((await seedFilterOptions(bob.id)).topics).not.toContain(topic);
    expect(await suggestTerms("TOPIC", topic)).not.toContain(topic);

    const adminTopic = `Wilderness medicine ${unique()}`;
    await seedAs(admin, adminTopic);
    expect((await term("TOPIC", adminTopic)).status).toBe("ACCEPTED");
    expect((await seedFilterOptions(bob.id)).topics).toContain(adminTopic);

    // Only admins decide.
    signInAs(bob);
    expect(await decideProposalAction({ termId: proposed.id, decision: "accept" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    signInAs(admin);
    expect(await decideProposalAction({ termId: proposed.id, decision: "accept" })).toMatchObject({
      ok: true,
    });
    expect((await term("TOPIC", topic)).status).toBe("ACCEPTED");
    expect((await vocabularyForEditor(bob.id)).topics).toContain(topic);
    expect((await seedFilterOptions(bob.id)).topics).toContain(topic);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "vocabulary.proposal.accept", targetId: proposed.id },
    });
    expect(audit.actorId).toBe(admin.id);
  });

  it("ten authors proposing the same value at once make one proposal with ten proposers", async () => {
    const authors = await Promise.all(Array.from({ length: 10 }, () => makeUser({ roles: ["AUTHOR"] })));
    const view = `Community paramedic ${unique()}`;
    const results = await Promise.allSettled(
      authors.map((a, i) =>
        createSeed(
          {
            ...sourceSchema.parse({}),
            instruction: `Triage a fall at home, case ${i} ${unique()}`,
            input: "",
            output: "",
            topic: "Emergency medicine",
            // case and spacing differ: one value all the same
            view: i % 2 ? view : `  ${view.toLowerCase()} `,
            taskType: "Open Q&A",
            difficulty: 2,
            note: "",
          },
          a,
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const rows = await db.vocabularyTerm.findMany({
      where: { kind: "VIEW", key: view.toLowerCase() },
      include: { proposers: true },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("PROPOSED");
    expect(new Set(rows[0]?.proposers.map((p) => p.userId))).toEqual(new Set(authors.map((a) => a.id)));
    for (const a of authors.slice(0, 3))
      expect((await vocabularyForEditor(a.id)).proposed).toContain(rows[0]?.value);
  });

  it("merge re-points the tasks to the accepted value and folds the spelling onto it", async () => {
    const [alice, admin] = await Promise.all([
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["ADMIN"] }),
    ]);
    const keep = `Cardiology ${unique()}`;
    await seedAs(admin, keep);
    const typo = `Cardiolgy ${unique()}`;
    const a = await seedAs(alice, typo);
    const b = await seedAs(alice, typo);
    const proposal = await term("TOPIC", typo);
    const into = await term("TOPIC", keep);
    signInAs(admin);
    expect(
      await decideProposalAction({ termId: proposal.id, decision: "merge", intoId: proposal.id }),
    ).toMatchObject({ ok: false, code: "INVALID" });
    expect(
      await decideProposalAction({ termId: proposal.id, decision: "merge", intoId: into.id }),
    ).toMatchObject({
      ok: true,
      data: { tasksUpdated: 2 },
    });
    const tasks = await db.seedTask.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(tasks.map((t) => t.topic)).toEqual([keep, keep]);
    expect(
      await db.seedRevision.count({ where: { seedId: { in: [a.id, b.id] }, change: "vocabulary-merge" } }),
    ).toBe(2);
    expect((await resolveTerm("TOPIC", typo)).value).toBe(keep);
    expect(
      await db.auditEvent.count({ where: { action: "vocabulary.proposal.merge", targetId: proposal.id } }),
    ).toBe(1);
  });

  it("reject keeps the task's text, hides the value, and tells the author why on the next save; two admins at once decide once", async () => {
    const [alice, admin, other] = await Promise.all([
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["ADMIN"] }),
      makeUser({ roles: ["ADMIN"] }),
    ]);
    const junk = `<b>test</b> ${unique()}`;
    const seed = await seedAs(alice, junk);
    const proposal = await term("TOPIC", junk);
    const decisions = await Promise.allSettled([
      decideVocabularyProposal(admin, {
        termId: proposal.id,
        decision: "reject",
        reason: "Test text, not a topic",
      }),
      decideVocabularyProposal(other, { termId: proposal.id, decision: "reject", reason: "Not a topic" }),
    ]);
    expect(decisions.filter((d) => d.status === "fulfilled")).toHaveLength(1);
    const refused = decisions.find((d) => d.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT" });
    expect(String(refused.reason.message)).toMatch(/already been decided/);
    const reason = decisions[0]?.status === "fulfilled" ? "Test text, not a topic" : "Not a topic";
    expect(await term("TOPIC", junk)).toMatchObject({ status: "REJECTED", reviewNote: reason });

    expect((await db.seedTask.findUniqueOrThrow({ where: { id: seed.id } })).topic).toBe(junk);
    expect((await seedFilterOptions(alice.id)).topics).not.toContain(junk);
    expect((await vocabularyForEditor(alice.id)).topics).not.toContain(junk);
    signInAs(alice);
    const saved = await updateSeedAction({
      id: seed.id,
      version: seed.version,
      instruction: `Explain it better ${unique()}`,
      topic: junk,
      view: "Nurse",
      taskType: "Open Q&A",
    });
    expect(saved).toMatchObject({ ok: false, code: "INVALID" });
    if (saved.ok) throw new Error("saved");
    expect(saved.fieldErrors?.topic?.[0]).toContain(reason);
    const fixed = await updateSeedAction({
      id: seed.id,
      version: seed.version,
      instruction: `Explain it better ${unique()}`,
      topic: "Emergency medicine",
      view: "Nurse",
      taskType: "Open Q&A",
    });
    expect(fixed).toMatchObject({ ok: true });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "vocabulary.proposal.reject", targetId: proposal.id },
    });
    expect(audit.after).toMatchObject({ reason, tasksFlagged: 1 });
  });

  it("a task whose topic was rejected is neither submitted nor approved until it is edited, however often asked", async () => {
    const [alice, reviewer, admin] = await Promise.all([
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["REVIEWER"] }),
      makeUser({ roles: ["ADMIN"] }),
    ]);
    const rejectNow = async (topic: string, reason: string) => {
      const proposal = await term("TOPIC", topic);
      await decideVocabularyProposal(admin, { termId: proposal.id, decision: "reject", reason });
    };
    const complete = async (topic: string) => {
      signInAs(alice);
      const r = await createSeedAction({
        instruction: `Describe the first steps in ${topic} ${unique()}`,
        topic,
        view: "Nurse",
        taskType: "Open Q&A",
        difficulty: 2,
      });
      if (!r.ok) throw new Error(r.message);
      return r.data;
    };

    // Rejected while a draft: submitting it unchanged is refused, ten times over, naming the admin's reason.
    const drafted = `Hallway medicine ${unique()}`;
    const draft = await complete(drafted);
    await rejectNow(drafted, "Not a specialty");
    for (let i = 0; i < 10; i++)
      await expect(submitSeedTask(alice, { id: draft.id, version: draft.version })).rejects.toMatchObject({
        code: "INVALID",
        message: expect.stringContaining("Not a specialty"),
      });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");

    // Rejected while waiting for review: approval is refused; after the author picks another topic it goes on.
    const waiting = `Corridor care ${unique()}`;
    const submitted = await complete(waiting);
    await submitSeedTask(alice, { id: submitted.id, version: submitted.version });
    await rejectNow(waiting, "Too vague");
    const approve = (version: number) =>
      reviewSeedTask(reviewer, { id: submitted.id, version, action: "approve", reason: undefined });
    await expect(approve(submitted.version)).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringContaining("Too vague"),
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe("SUBMITTED");
    signInAs(alice);
    const fixed = await updateSeedAction({
      id: submitted.id,
      version: submitted.version,
      instruction: `Describe the first steps in emergency triage ${unique()}`,
      topic: "Emergency medicine",
      view: "Nurse",
      taskType: "Open Q&A",
      difficulty: 2,
    });
    if (!fixed.ok) throw new Error(fixed.message);
    const current = await db.seedTask.findUniqueOrThrow({ where: { id: submitted.id } });
    if (current.status !== "SUBMITTED")
      await submitSeedTask(alice, { id: current.id, version: current.version });
    expect(await approve(current.version)).toMatchObject({ status: "APPROVED" });
  });

  it("an admin's import adds accepted values; an author's, proposals; a rejected value is an error on its line", async () => {
    const [alice, admin] = await Promise.all([
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["ADMIN"] }),
    ]);
    const [byAdmin, byAuthor] = [`Sports medicine ${unique()}`, `Travel medicine ${unique()}`];
    const file = (topic: string) =>
      Buffer.from(
        JSON.stringify([
          {
            instruction: `Advise on ${topic} ${unique()}`,
            topic,
            view: "Patient",
            type: "Open Q&A",
            difficulty: 1,
          },
        ]),
      );
    const a = await importSeedsFromBuffer(file(byAdmin), {
      fileName: "a.json",
      status: "DRAFT",
      actor: admin,
    });
    expect(a.counts.created).toBe(1);
    expect(a.counts).toMatchObject({ newTopics: 1, newValuesProposed: false });
    expect((await term("TOPIC", byAdmin)).status).toBe("ACCEPTED");
    const b = await importSeedsFromBuffer(file(byAuthor), {
      fileName: "b.json",
      status: "DRAFT",
      actor: alice,
    });
    expect(b.counts.created).toBe(1);
    // the result says what happened to the new topic: proposed, not added
    expect(b.counts).toMatchObject({ newTopics: 1, newValuesProposed: true });
    const proposal = await term("TOPIC", byAuthor);
    expect(proposal.status).toBe("PROPOSED");
    expect(proposal.proposers.map((p) => p.userId)).toEqual([alice.id]);

    await decideVocabularyProposal(admin, { termId: proposal.id, decision: "reject", reason: "Too narrow" });
    const again = await importSeedsFromBuffer(file(byAuthor), {
      fileName: "c.json",
      status: "DRAFT",
      actor: alice,
    });
    expect(again.counts.created).toBe(0);
    expect(again.errors).toEqual([
      expect.objectContaining({ field: "topic", message: expect.stringContaining("Too narrow") }),
    ]);
  });
  it("an admin's import accepts the values it uses that an author only proposed; another author's import does not", async () => {
    const [clara, bob, admin, reviewer] = await Promise.all([
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["ADMIN"] }),
      makeUser({ roles: ["REVIEWER"] }),
    ]);
    const view = `Medical student ${unique()}`;
    await seedAs(clara, `Neurology ${unique()}`, view);
    expect((await term("VIEW", view)).status).toBe("PROPOSED");
    // The file spells it differently (as AlpaCare's seeds do): the same key, Clara's spelling kept.
    const file = (n: number) =>
      Buffer.from(
        JSON.stringify(
          Array.from({ length: n }, (_, i) => ({
            instruction: `Explain to a student the cranial nerve exam, part ${i} ${unique()}`,
            topic: "Neurology",
            view: view.replace("Medical student", "Medical Student"),
            type: "Open Q&A",
            difficulty: 2,
          })),
        ),
      );
    // Another author's import leaves it proposed (and adds that author as a proposer).
    const byBob = await importSeedsFromBuffer(file(1), { fileName: "b.json", status: "DRAFT", actor: bob });
    expect(byBob.counts.created).toBe(1);
    const proposed = await term("VIEW", view);
    expect(proposed.status).toBe("PROPOSED");
    expect(proposed.proposers.map((p) => p.userId).sort()).toEqual([clara.id, bob.id].sort());
    expect((await seedFilterOptions(reviewer.id)).views).not.toContain(view);

    const byAdmin = await importSeedsFromBuffer(file(3), {
      fileName: "a.json",
      status: "APPROVED",
      actor: admin,
    });
    expect(byAdmin.counts.created).toBe(3);
    const accepted = await term("VIEW", view);
    expect(accepted).toMatchObject({ status: "ACCEPTED", proposers: [] });
    expect(await db.seedTask.count({ where: { view, status: "APPROVED" } })).toBe(3);
    expect((await seedFilterOptions(reviewer.id)).views).toContain(view);
    const audit = await db.auditEvent.findMany({ where: { targetId: accepted.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "vocabulary.proposal.accept",
        actorId: admin.id,
        after: { status: "ACCEPTED", import: true },
      }),
    ]);
    // The same file again: nothing is accepted twice.
    await importSeedsFromBuffer(file(2), { fileName: "c.json", status: "DRAFT", actor: admin });
    expect(await db.auditEvent.count({ where: { targetId: accepted.id } })).toBe(1);
  });

  it("an import's many proposals are accepted in one go; two admins at once accept each once, and an author may not", async () => {
    const [author, admin, other] = await Promise.all([
      makeUser({ roles: ["AUTHOR"] }),
      makeUser({ roles: ["ADMIN"] }),
      makeUser({ roles: ["ADMIN"] }),
    ]);
    const tag = unique();
    const topics = Array.from({ length: 12 }, (_, i) => `Bulk topic ${i} ${tag}`);
    const imported = await importSeedsFromBuffer(
      Buffer.from(
        JSON.stringify(
          topics.map((topic, i) => ({
            instruction: `Explain ${topic} to a patient ${i} ${unique()}`,
            topic,
            view: `Bulk view ${i % 3} ${tag}`,
            type: "Open Q&A",
            difficulty: 1,
          })),
        ),
      ),
      { fileName: "bulk.json", status: "DRAFT", actor: author },
    );
    expect(imported.counts.created).toBe(12);
    const proposed = await db.vocabularyTerm.findMany({
      where: { status: "PROPOSED", value: { endsWith: tag } },
      select: { id: true, value: true },
    });
    expect(proposed).toHaveLength(15); // 12 topics, 3 views
    const ids = proposed.map((p) => p.id);
    // An author may not accept proposals.
    signInAs(author);
    expect(await acceptProposalsAction({ termIds: ids })).toMatchObject({ ok: false });
    // One decided on its own first; then two admins accept overlapping halves at once.
    await decideVocabularyProposal(admin, {
      termId: ids[0] as string,
      decision: "reject",
      reason: "Too narrow",
    });
    const [a, b] = await Promise.all([
      acceptVocabularyProposals(admin, { termIds: ids.slice(0, 10) }),
      acceptVocabularyProposals(other, { termIds: ids.slice(5) }),
    ]);
    expect(a.accepted + b.accepted).toBe(14);
    expect(a.alreadyDecided + b.alreadyDecided).toBe(1 + 5); // the rejected one, and the overlap of five
    const after = await db.vocabularyTerm.findMany({
      where: { id: { in: ids } },
      include: { proposers: true },
    });
    expect(after.filter((t) => t.status === "ACCEPTED")).toHaveLength(14);
    expect(after.find((t) => t.id === ids[0])?.status).toBe("REJECTED");
    expect(after.every((t) => t.status !== "ACCEPTED" || t.proposers.length === 0)).toBe(true);
    const audits = await db.auditEvent.count({
      where: { action: "vocabulary.proposal.accept", targetId: { in: ids } },
    });
    expect(audits).toBe(14);
    // Accepted values are offered to everyone now.
    expect(await suggestTerms("TOPIC", "Bulk topic 3")).toContain(topics[3]);
    // Accepting them again changes nothing and says so.
    signInAs(admin);
    expect(await acceptProposalsAction({ termIds: ids })).toMatchObject({
      ok: true,
      data: { accepted: 0, alreadyDecided: 15 },
    });
  });
});
