import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeItem, spotCheckItems, startSpotCheck } from "@/lib/dataset/spot-checks";
import {
  getDoubleGrading,
  getRatingAgreement,
  settleSpotCheckItem,
} from "@/lib/dataset/use-cases/double-grading";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import type { SpotGrade } from "@/lib/model/spot-grades";
import { cohensKappa, confusionTable } from "@/lib/quality/agreement";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";

// Double grading of a spot check (blind until two reviewers are in, then kappa, alpha and disagreements a
// third settles), and the LLM rating's agreement with the grades.

let server: FakeServer;
let job: Awaited<ReturnType<typeof makeJob>>;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 61, latencyMs: 2 });
  job = await makeJob(server.baseUrl, { target: 20, concurrency: 4 });
  expect(await driveJob(job.id)).toBe("COMPLETED");
}, 60_000);
afterAll(async () => {
  await server.close();
});

const gradeA = (i: number): SpotGrade => (i % 3 === 0 ? "WRONG" : "ACCEPTABLE");
const gradeB = (i: number): SpotGrade => (i % 4 === 0 ? "WRONG" : "ACCEPTABLE");

describe("double grading", () => {
  it("is blind until two reviewers are in, then shows kappa and the disagreements for a third to settle", async () => {
    const [a, b, c] = await Promise.all([
      makeUser({ roles: ["REVIEWER"], label: "ann" }),
      makeUser({ roles: ["REVIEWER"], label: "bob" }),
      makeUser({ roles: ["REVIEWER"], label: "cat" }),
    ]);
    const check = await startSpotCheck(job.id, 0.3, a, { doubleGrading: true });
    const n = check.sampleSize;
    expect(n).toBeGreaterThan(4);
    for (let i = 0; i < n; i++)
      await gradeItem({ spotCheckId: check.id, position: i, grade: gradeA(i), previous: null }, a);
    // B sees none of A's grades; nothing counts yet.
    expect((await spotCheckItems(check.id, b.id)).every((it) => it.grade === null)).toBe(true);
    expect((await spotCheckItems(check.id, a.id)).map((it) => it.grade)).toEqual(
      Array.from({ length: n }, (_, i) => gradeA(i)),
    );
    expect((await getDoubleGrading(a, { spotCheckId: check.id }))?.agreement).toBeNull();
    expect(await db.spotCheckItem.count({ where: { spotCheckId: check.id, grade: { not: null } } })).toBe(0);

    // B grades everything, several at once.
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        gradeItem({ spotCheckId: check.id, position: i, grade: gradeB(i), previous: null }, b),
      ),
    );
    const view = await getDoubleGrading(c, { spotCheckId: check.id });
    expect(view?.open).toBe(true);
    const pairs = Array.from({ length: n }, (_, i) => [gradeA(i), gradeB(i)] as const);
    const expected = cohensKappa(confusionTable(pairs, ["ACCEPTABLE", "WRONG", "UNSAFE", "OFF_TASK"]));
    expect(view?.agreement?.kappa?.kappa).toBeCloseTo(expected.kappa as number, 10);
    expect(view?.agreement?.alpha).not.toBeNull();
    const disagree = Array.from({ length: n }, (_, i) => i).filter((i) => gradeA(i) !== gradeB(i));
    expect(view?.agreement?.disagreements.map((d) => d.position)).toEqual(disagree);
    // Agreed items count; disagreements wait for a third reviewer.
    const items = await db.spotCheckItem.findMany({
      where: { spotCheckId: check.id },
      orderBy: { position: "asc" },
    });
    for (const it of items)
      expect(it.grade).toBe(disagree.includes(it.position) ? null : gradeA(it.position));

    const first = disagree[0] as number;
    await expect(
      settleSpotCheckItem(a, { spotCheckId: check.id, position: first, grade: "WRONG" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await settleSpotCheckItem(c, { spotCheckId: check.id, position: first, grade: "UNSAFE" });
    const settled = await db.spotCheckItem.findUniqueOrThrow({
      where: { spotCheckId_position: { spotCheckId: check.id, position: first } },
    });
    expect(settled.grade).toBe("UNSAFE");
    const agreedItem = items.find((x) => !disagree.includes(x.position)) as { position: number };
    await expect(
      settleSpotCheckItem(c, { spotCheckId: check.id, position: agreedItem.position, grade: "WRONG" }),
    ).rejects.toMatchObject({ code: "INVALID" });

    // The LLM rating against the grades: a rating that matches reviewer A's acceptability agrees best at 3.
    for (const it of items) {
      const acceptable =
        (
          await db.spotCheckItem.findUniqueOrThrow({
            where: { spotCheckId_position: { spotCheckId: check.id, position: it.position } },
          })
        ).grade === "ACCEPTABLE";
      await db.generatedTask.update({ where: { id: it.taskId }, data: { qualityScore: acceptable ? 4 : 2 } });
    }
    const rating = await getRatingAgreement(c, { spotCheckId: check.id, threshold: 4.5 });
    const graded = await db.spotCheckItem.count({ where: { spotCheckId: check.id, grade: { not: null } } });
    expect(rating.pairs).toBe(graded);
    expect(rating.best?.kappa.kappa).toBeCloseTo(1, 10);
    expect(rating.best?.threshold).toBeGreaterThan(2);
    expect(rating.best?.threshold).toBeLessThanOrEqual(4);
    expect(rating.at?.table.n).toBe(graded);
  });

  /** A double-graded check two reviewers have graded in full: item 1 disagreed, the rest agreed acceptable. */
  async function openCheck() {
    const [a, b, c, d] = await Promise.all(
      ["ann", "bob", "cat", "dan"].map((label) => makeUser({ roles: ["REVIEWER"], label })),
    );
    if (!a || !b || !c || !d) throw new Error("no users");
    const check = await startSpotCheck(job.id, 0.3, a, { doubleGrading: true });
    for (let i = 0; i < check.sampleSize; i++) {
      await gradeItem(
        { spotCheckId: check.id, position: i, grade: i === 1 ? "WRONG" : "ACCEPTABLE", previous: null },
        a,
      );
      await gradeItem({ spotCheckId: check.id, position: i, grade: "ACCEPTABLE", previous: null }, b);
    }
    expect((await getDoubleGrading(c, { spotCheckId: check.id }))?.open).toBe(true);
    return { check, a, b, c, d };
  }

  it("once open, shows everyone the counted grades and takes no more blind grades, so none goes stale", async () => {
    const { check, a, c } = await openCheck();
    const counted = (
      await db.spotCheckItem.findMany({ where: { spotCheckId: check.id }, orderBy: { position: "asc" } })
    ).map((i) => i.grade);
    expect(counted.filter((g) => g !== null)).toHaveLength(check.sampleSize - 1);
    // A third reviewer, and a grader too, see what counts (not an ungraded sample to grade blind again).
    for (const viewer of [c, a])
      expect((await spotCheckItems(check.id, viewer.id)).map((it) => it.grade)).toEqual(counted);
    // An agreed grade changed now would stay counted though nobody agrees with it any more: refused.
    await expect(
      gradeItem({ spotCheckId: check.id, position: 0, grade: "UNSAFE", previous: "ACCEPTABLE" }, a),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/settled by a third reviewer/),
    });
    await expect(
      gradeItem({ spotCheckId: check.id, position: 1, grade: "UNSAFE", previous: null }, c),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.spotCheckReview.count({ where: { spotCheckId: check.id, graderId: c.id } })).toBe(0);
  });

  it("of two third reviewers settling one record at once, one settles it and the other is told who did", async () => {
    const { check, c, d } = await openCheck();
    const results = await Promise.allSettled([
      settleSpotCheckItem(c, { spotCheckId: check.id, position: 1, grade: "UNSAFE" }),
      settleSpotCheckItem(d, { spotCheckId: check.id, position: 1, grade: "ACCEPTABLE" }),
    ]);
    const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/settled this record meanwhile/),
    });
    const item = await db.spotCheckItem.findUniqueOrThrow({
      where: { spotCheckId_position: { spotCheckId: check.id, position: 1 } },
    });
    const winner = results[0]?.status === "fulfilled" ? c : d;
    expect(item).toMatchObject({ graderId: winner.id, grade: winner === c ? "UNSAFE" : "ACCEPTABLE" });
  });

  it("one grader grading one record in two tabs at once: one grade is kept and the other tab is told", async () => {
    const a = await makeUser({ roles: ["REVIEWER"], label: "tabs" });
    const check = await startSpotCheck(job.id, 0.3, a, { doubleGrading: true });
    const results = await Promise.allSettled([
      gradeItem({ spotCheckId: check.id, position: 0, grade: "ACCEPTABLE", previous: null }, a),
      gradeItem({ spotCheckId: check.id, position: 0, grade: "WRONG", previous: null }, a),
    ]);
    const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(refused.map((r) => (r.reason as { code?: string }).code)).toEqual(["CONFLICT"]);
    const kept = results.findIndex((r) => r.status === "fulfilled");
    const review = await db.spotCheckReview.findUniqueOrThrow({
      where: { spotCheckId_position_graderId: { spotCheckId: check.id, position: 0, graderId: a.id } },
    });
    expect(review.grade).toBe(kept === 0 ? "ACCEPTABLE" : "WRONG");
  });
});
