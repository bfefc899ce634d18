import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { trustedEndpoints } from "@/lib/generation/phi-trust";
import { type IdentifierScreen, screenTestItems } from "../identifier-screen";
import { type LeakageStatus, recordLeakageRequest, storedLeakage } from "../leakage";
import { requestLeakageCheck } from "../leakage-queue";
import type { ItemLeakage } from "../leakage-scan";
import { freezeVersion, referenceNames } from "../testsets";

export type TestsetRow = {
  id: string;
  name: string;
  versions: number;
  latest: { number: number; frozen: boolean; items: number } | null;
  runs: number;
  createdAt: Date;
};

export async function listTestsets(actor: Actor): Promise<TestsetRow[]> {
  authorize(actor, "evaluation.read");
  const sets = await db.testSet.findMany({
    orderBy: { createdAt: "desc" },
    include: {
      versions: {
        orderBy: { number: "desc" },
        select: { number: true, frozen: true, _count: { select: { items: true, runs: true } } },
      },
    },
  });
  return sets.map((s) => {
    const latest = s.versions[0];
    return {
      id: s.id,
      name: s.name,
      versions: s.versions.length,
      latest: latest ? { number: latest.number, frozen: latest.frozen, items: latest._count.items } : null,
      runs: s.versions.reduce((sum, v) => sum + v._count.runs, 0),
      createdAt: s.createdAt,
    };
  });
}

/**
 * A test set with one version's items (the latest unless `version` is given) and its references; `version`
 * is null for a set with no version yet.
 */
export async function getTestset(actor: Actor, input: { id: string; version?: number }) {
  authorize(actor, "evaluation.read");
  const set = await db.testSet.findUnique({
    where: { id: input.id },
    include: { versions: { orderBy: { number: "desc" }, include: { _count: { select: { items: true } } } } },
  });
  if (!set) throw new AppError("NOT_FOUND", "There is no such test set.");
  // A set made in the app has no version until its first approved items are frozen.
  if (!set.versions.length && !input.version) {
    return { set: { id: set.id, name: set.name }, versions: [], version: null, items: [], references: [] };
  }
  const version = input.version ? set.versions.find((v) => v.number === input.version) : set.versions[0];
  if (!version) throw new AppError("NOT_FOUND", `Test set "${set.name}" has no version ${input.version}.`);
  const items = await db.testItem.findMany({
    where: { versionId: version.id },
    orderBy: { position: "asc" },
    include: { references: { select: { model: true } } },
  });
  const references = referenceNames(items);
  return { set: { id: set.id, name: set.name }, versions: set.versions, version, items, references };
}

export async function freezeTestsetVersion(actor: Actor, input: { versionId: string }): Promise<void> {
  authorize(actor, "testset.write");
  await freezeVersion(actor, input.versionId);
}

/**
 * The stored leakage check of a version (each item's highest ROUGE-L against the approved seeds and the kept
 * generated tasks; above 0.7 flagged), with whether a check is queued or running. Reads no corpus: the check
 * runs in the background after an import and on recheckTestsetLeakage.
 */
export async function testsetLeakage(
  actor: Actor,
  input: { versionId: string },
): Promise<{ status: LeakageStatus; items: ItemLeakage[] }> {
  authorize(actor, "evaluation.read");
  return storedLeakage(input.versionId);
}

/**
 * "Check again": asks the workers to check the version against the seeds and generated data as they are now
 * (new data arrives with every generation job). evaluation.run, not testset.write: the check reads the whole
 * generated corpus (which authors may not read) on the shared workers, and it is the people who generate
 * data and run evaluations who know when the corpus changed and need a current check before trusting a
 * win rate; clinicians get a check with every import without asking.
 */
export async function recheckTestsetLeakage(actor: Actor, input: { versionId: string }): Promise<void> {
  authorize(actor, "evaluation.run");
  const version = await db.testSetVersion.findUnique({
    where: { id: input.versionId },
    select: { id: true },
  });
  if (!version) throw new AppError("NOT_FOUND", "There is no such test set version.");
  await recordLeakageRequest(version.id);
  await requestLeakageCheck(version.id);
}

/**
 * A version's possible patient identifiers nobody resolved, screened as a run's PHI gate would screen them
 * (identifier-screen.ts), with the endpoints an admin marked trusted (where the gate only warns).
 */
export async function testsetIdentifiers(
  actor: Actor,
  input: { versionId: string },
): Promise<IdentifierScreen & { trustedEndpoints: number }> {
  authorize(actor, "evaluation.read");
  const [items, trusted] = await Promise.all([
    db.testItem.findMany({
      where: { versionId: input.versionId },
      orderBy: { position: "asc" },
      select: {
        id: true,
        externalId: true,
        position: true,
        instruction: true,
        input: true,
        references: { select: { model: true, answer: true } },
      },
    }),
    trustedEndpoints(),
  ]);
  return { ...(await screenTestItems(items)), trustedEndpoints: trusted.length };
}
