import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { POST as reviewRoute } from "@/app/api/v1/evaluation/test-items/[id]/review/route";
import { PATCH as patchRoute } from "@/app/api/v1/evaluation/test-items/[id]/route";
import { POST as freezeRoute } from "@/app/api/v1/evaluation/testsets/[id]/freeze/route";
import { POST as createRoute } from "@/app/api/v1/evaluation/testsets/[id]/items/route";
import { createApiToken } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import { createTestItem } from "@/lib/evaluation/use-cases/create-test-item";
import { createTestset } from "@/lib/evaluation/use-cases/create-testset";
import { freezeNewVersion } from "@/lib/evaluation/use-cases/freeze-new-version";
import { importTestset } from "@/lib/evaluation/use-cases/import-testset";
import { reviewTestItem } from "@/lib/evaluation/use-cases/review-test-item";
import { submitTestItem } from "@/lib/evaluation/use-cases/submit-test-item";
import { updateTestItem } from "@/lib/evaluation/use-cases/update-test-item";
import { markNotPhi } from "@/lib/phi/use-cases/mark-not-phi";
import { stopQueue } from "@/lib/queue/boss";
import { medinstructLines } from "@/tests/support/evaluation-files";
import { makeUser } from "../support/factories";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// Test items written in the app (issue 16, with issue 15's provenance and PHI): versioned edits, two editors
// at once, the review, "Freeze new version", and who may do what, all through the use cases on Postgres.

afterAll(async () => {
  await stopQueue();
});

const fields = (instruction: string, extra: Partial<Parameters<typeof createTestItem>[1]> = {}) => ({
  instruction,
  input: "",
  reference: "",
  difficulty: 3,
  topic: "Cardiology",
  sourceKind: "OWN_EXPERIENCE" as const,
  citation: "",
  citationUrl: "",
  licence: "internal",
  adapted: false,
  ...extra,
});

async function setUp() {
  const author = await makeUser({ roles: ["AUTHOR"], label: "author" });
  const reviewer = await makeUser({ roles: ["REVIEWER"], label: "reviewer" });
  const set = await createTestset(author, { name: `set-${randomUUID().slice(0, 8)}`, description: "" });
  return { author, reviewer, set };
}

describe("authored test items", () => {
  it("keeps every one of ten edits as a revision, with its provenance", async () => {
    const { author, set } = await setUp();
    let item = await createTestItem(author, { ...fields("Edit 0"), testSetId: set.id });
    for (let i = 1; i <= 10; i++) {
      item = await updateTestItem(author, {
        ...fields(`Edit ${i}`, {
          sourceKind: "GUIDELINE",
          citation: `NICE NG${i}`,
          citationUrl: "https://www.nice.org.uk/guidance",
          licence: "CC-BY-4.0",
          adapted: i % 2 === 0,
        }),
        id: item.id,
        version: item.version,
      });
    }
    expect(item.version).toBe(11);
    expect(item).toMatchObject({
      instruction: "Edit 10",
      citation: "NICE NG10",
      licence: "CC-BY-4.0",
      adapted: true,
    });
    const revisions = await db.testItemDraftRevision.findMany({
      where: { draftId: item.id },
      orderBy: { version: "asc" },
    });
    expect(revisions.map((r) => r.instruction)).toEqual(Array.from({ length: 11 }, (_, i) => `Edit ${i}`));
    expect(revisions.map((r) => r.version)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(revisions[10]).toMatchObject({ sourceKind: "GUIDELINE", citation: "NICE NG10", adapted: true });
  });

  it("of two editors saving from the same version at once, one is saved and the other refused", async () => {
    const { author, set } = await setUp();
    const other = await makeUser({ roles: ["REVIEWER"], label: "other" });
    const item = await createTestItem(author, { ...fields("Original"), testSetId: set.id });
    const results = await Promise.allSettled([
      updateTestItem(author, { ...fields("Mine"), id: item.id, version: 1 }),
      updateTestItem(other, { ...fields("Theirs"), id: item.id, version: 1 }),
    ]);
    const saved = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/saved this item \(now version 2\) after you opened version 1/),
    });
    const row = await db.testItemDraft.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.version).toBe(2);
    expect(row.instruction).toBe(
      (saved[0] as PromiseFulfilledResult<{ instruction: string }>).value.instruction,
    );
    expect(await db.testItemDraftRevision.count({ where: { draftId: item.id } })).toBe(2);
    // The refusal names who saved; the same editor's second tab is told it was their own.
    const winner = saved[0] === results[0] ? author : other;
    expect((refused[0] as PromiseRejectedResult).reason.message).toMatch(
      new RegExp(`^${winner.email.replace(/[.+]/g, "\\$&")} saved this item`),
    );
    await expect(
      updateTestItem(winner, { ...fields("Stale tab"), id: item.id, version: 1 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^You saved this item in another tab or window \(now version 2\)/),
    });
  });

  it("freezes a new version from the previous one plus the approved items only", async () => {
    const { author, reviewer, set } = await setUp();
    await importTestset(author, {
      name: set.name,
      fileName: "t.jsonl",
      bytes: new TextEncoder().encode(medinstructLines(3)),
    });
    const make = async (text: string) => createTestItem(author, { ...fields(text), testSetId: set.id });
    const draft = await make("Still a draft");
    const submitted = await submitTestItem(author, { id: (await make("Submitted only")).id, version: 1 });
    const rejectedSub = await submitTestItem(author, { id: (await make("Rejected")).id, version: 1 });
    await reviewTestItem(reviewer, {
      id: rejectedSub.id,
      version: rejectedSub.version,
      decision: "REJECT",
      comment: "Not a test question",
    });
    const good = await make("Approved one");
    await updateTestItem(author, {
      ...fields("Approved one", {
        reference: "The clinician's answer.",
        citation: "Harrison's, 21st ed.",
        sourceKind: "TEXTBOOK",
        licence: "CC-BY-NC-4.0",
      }),
      id: good.id,
      version: 1,
    });
    const sent = await submitTestItem(author, { id: good.id, version: 2 });
    await reviewTestItem(reviewer, { id: sent.id, version: sent.version, decision: "APPROVE", comment: "" });

    const frozen = await freezeNewVersion(author, { testSetId: set.id });
    expect(frozen).toMatchObject({ number: 2, items: 4, added: 1 });
    const items = await db.testItem.findMany({
      where: { versionId: frozen.versionId },
      orderBy: { position: "asc" },
      include: { references: true },
    });
    expect(items.map((i) => i.instruction).slice(3)).toEqual(["Approved one"]);
    expect(items.map((i) => i.instruction)).not.toContain(draft.instruction);
    expect(items.map((i) => i.instruction)).not.toContain(submitted.instruction);
    expect(items.map((i) => i.instruction)).not.toContain("Rejected");
    expect(items[3]).toMatchObject({
      sourceKind: "TEXTBOOK",
      citation: "Harrison's, 21st ed.",
      licence: "CC-BY-NC-4.0",
      draftId: good.id,
    });
    expect(items[3]?.references).toEqual([
      expect.objectContaining({ model: "clinician", answer: "The clinician's answer." }),
    ]);
    expect(items[0]?.references.length).toBeGreaterThan(0);
    const version = await db.testSetVersion.findUniqueOrThrow({ where: { id: frozen.versionId } });
    expect(version.frozen).toBe(true);

    // Frozen: read-only, and not added twice; nothing else approved means nothing to freeze.
    await expect(
      updateTestItem(author, { ...fields("Changed after"), id: good.id, version: sent.version + 1 }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(freezeNewVersion(author, { testSetId: set.id })).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/Nothing to freeze/),
    });
  });

  it("of two freezes at once, one makes the version and the other finds nothing left to freeze", async () => {
    const { author, reviewer, set } = await setUp();
    const item = await createTestItem(author, { ...fields("Frozen once"), testSetId: set.id });
    const sent = await submitTestItem(author, { id: item.id, version: 1 });
    await reviewTestItem(reviewer, { id: item.id, version: sent.version, decision: "APPROVE", comment: "" });
    const results = await Promise.allSettled([
      freezeNewVersion(author, { testSetId: set.id }),
      freezeNewVersion(reviewer, { testSetId: set.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      code: "INVALID",
    });
    expect(await db.testSetVersion.count({ where: { testSetId: set.id } })).toBe(1);
    expect(await db.testItem.count({ where: { draftId: item.id } })).toBe(1);
  });

  it("refuses to approve an item with an unresolved PHI finding, and approves it once resolved", async () => {
    const { author, reviewer, set } = await setUp();
    const item = await createTestItem(author, {
      ...fields("Summarise the plan.", { input: "Call the daughter on 555-201-3344 if he deteriorates." }),
      testSetId: set.id,
    });
    const sent = await submitTestItem(author, { id: item.id, version: 1 });
    await expect(
      reviewTestItem(reviewer, { id: sent.id, version: sent.version, decision: "APPROVE", comment: "" }),
    ).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/PHONE "555-201-3344" in input/),
    });
    expect((await db.testItemDraft.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("SUBMITTED");

    await markNotPhi(reviewer, {
      targetType: "testdraft",
      targetId: item.id,
      field: "input",
      category: "PHONE",
      text: "555-201-3344",
      reason: "A made-up number in a teaching case",
    });
    const approved = await reviewTestItem(reviewer, {
      id: sent.id,
      version: sent.version,
      decision: "APPROVE",
      comment: "",
    });
    expect(approved.state).toBe("APPROVED");
    // The resolution follows the item into the frozen version, for the evaluation gate.
    const frozen = await freezeNewVersion(reviewer, { testSetId: set.id });
    expect(
      await db.phiResolution.count({ where: { targetType: "testitem", targetId: `${frozen.versionId}-0` } }),
    ).toBe(1);
  });

  it("lets authors and reviewers write items, refuses ML engineers, and lets only reviewers decide", async () => {
    const { author, reviewer, set } = await setUp();
    const engineer = await makeUser({ roles: ["ENGINEER"], label: "engineer" });
    await expect(createTestItem(engineer, { ...fields("Nope"), testSetId: set.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const item = await createTestItem(author, { ...fields("Mine"), testSetId: set.id });
    await expect(
      updateTestItem(engineer, { ...fields("Theirs"), id: item.id, version: 1 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const second = await makeUser({ roles: ["REVIEWER"], label: "second" });
    const edited = await updateTestItem(second, { ...fields("Reviewer's fix"), id: item.id, version: 1 });
    const sent = await submitTestItem(author, { id: item.id, version: edited.version });
    // Four-eyes: a reviewer who edited the text does not decide on it.
    await expect(
      reviewTestItem(second, { id: item.id, version: sent.version, decision: "APPROVE", comment: "" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/four-eyes/) });
    await expect(
      reviewTestItem(author, { id: item.id, version: sent.version, decision: "APPROVE", comment: "" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      reviewTestItem(engineer, { id: item.id, version: sent.version, decision: "APPROVE", comment: "" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(freezeNewVersion(engineer, { testSetId: set.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await db.testItemDraft.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("SUBMITTED");
    // Sent back with a comment, edited and submitted again, then approved.
    const back = await reviewTestItem(reviewer, {
      id: item.id,
      version: sent.version,
      decision: "SEND_BACK",
      comment: "Give the difficulty",
    });
    expect(back).toMatchObject({ state: "SENT_BACK", reviewComment: "Give the difficulty" });
    const again = await updateTestItem(author, {
      ...fields("Mine, again", { difficulty: 4 }),
      id: item.id,
      version: back.version,
    });
    const resent = await submitTestItem(author, { id: item.id, version: again.version });
    expect(
      (
        await reviewTestItem(reviewer, {
          id: item.id,
          version: resent.version,
          decision: "APPROVE",
          comment: "",
        })
      ).state,
    ).toBe("APPROVED");
  });
});

const headers = (t: string) => ({ authorization: `Bearer ${t}`, "content-type": "application/json" });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const API = "http://localhost/api/v1/evaluation";

describe("/api/v1/evaluation test items", () => {
  it("writes, refuses a stale edit (409), refuses an author's approval (403), and freezes", async () => {
    const { author, reviewer, set } = await setUp();
    const [a, r] = await Promise.all([
      createApiToken(author.id, "test").then((t) => t.token),
      createApiToken(reviewer.id, "test").then((t) => t.token),
    ]);
    const post = (url: string, t: string, body: unknown) =>
      new Request(url, { method: "POST", headers: headers(t), body: JSON.stringify(body) });
    const created = await createRoute(
      post(`${API}/testsets/${set.id}/items`, a, { instruction: "Over the API", difficulty: 2 }),
      ctx({ id: set.id }),
    );
    expect(created.status).toBe(201);
    const item = (await created.json()).data;
    expect(item).toMatchObject({ state: "DRAFT", version: 1, sourceKind: "UNKNOWN", licence: "NOASSERTION" });
    const patch = (version: number, instruction: string) =>
      patchRoute(
        new Request(`${API}/test-items/${item.id}`, {
          method: "PATCH",
          headers: headers(a),
          body: JSON.stringify({ version, instruction, licence: "cc-by-4.0" }),
        }),
        ctx({ id: item.id }),
      );
    const first = await patch(1, "Edited once");
    expect(first.status).toBe(200);
    expect((await first.json()).data).toMatchObject({ version: 2, licence: "CC-BY-4.0" });
    const stale = await patch(1, "Edited from a stale page");
    expect(stale.status).toBe(409);
    expect((await db.testItemDraft.findUniqueOrThrow({ where: { id: item.id } })).instruction).toBe(
      "Edited once",
    );

    await submitTestItem(author, { id: item.id, version: 2 });
    const decide = (t: string) =>
      reviewRoute(
        post(`${API}/test-items/${item.id}/review`, t, { version: 3, decision: "APPROVE" }),
        ctx({ id: item.id }),
      );
    expect((await decide(a)).status).toBe(403);
    expect((await decide(r)).status).toBe(200);
    const frozen = await freezeRoute(post(`${API}/testsets/${set.id}/freeze`, a, {}), ctx({ id: set.id }));
    expect(frozen.status).toBe(201);
    expect((await frozen.json()).data).toMatchObject({ number: 1, items: 1, added: 1 });
  });

  it("a PATCH changes only the fields it sends, each of ten in a row; the rest stay as they were", async () => {
    const { author, set } = await setUp();
    const item = await createTestItem(author, {
      testSetId: set.id,
      ...fields("Original instruction", {
        input: "A 60-year-old with chest pain.",
        reference: "The clinician's careful reference answer.",
        difficulty: 4,
        sourceKind: "GUIDELINE",
        citation: "NICE NG185",
        citationUrl: "https://www.nice.org.uk/guidance/ng185",
        licence: "CC-BY-4.0",
        adapted: true,
      }),
    });
    const { token } = await createApiToken(author.id, "patch");
    const before = await db.testItemDraft.findUniqueOrThrow({ where: { id: item.id } });
    for (let i = 1; i <= 10; i++) {
      const body = i % 2 ? { version: i, instruction: `Edit ${i}` } : { version: i, topic: `Topic ${i}` };
      const res = await patchRoute(
        new Request(`${API}/test-items/${item.id}`, {
          method: "PATCH",
          headers: headers(token),
          body: JSON.stringify(body),
        }),
        ctx({ id: item.id }),
      );
      expect(res.status).toBe(200);
    }
    const after = await db.testItemDraft.findUniqueOrThrow({ where: { id: item.id } });
    expect(after).toMatchObject({
      version: 11,
      instruction: "Edit 9",
      topic: "Topic 10",
      input: before.input,
      reference: before.reference,
      difficulty: 4,
      sourceKind: "GUIDELINE",
      citation: "NICE NG185",
      citationUrl: before.citationUrl,
      licence: "CC-BY-4.0",
      adapted: true,
    });
    expect(await db.testItemDraftRevision.count({ where: { draftId: item.id } })).toBe(11);
  });
});
