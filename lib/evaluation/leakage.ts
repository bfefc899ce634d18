import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { type ItemLeakage, isLeak, LEAKAGE_THRESHOLD, LeakageScan } from "./leakage-scan";

// The leakage check of a test set version (lib/evaluation/leakage-scan.ts), done once and stored: asked for
// after an import and on "Check again", run by a background worker (./leakage-queue.ts), read by the test set
// page. One check at a time per version (a lease, taken with one UPDATE); a check asked for while one runs is
// answered by the running one going round again, so requests made at once make one result. The per-item
// results and the counts are written in one transaction: a reader sees one whole check or the one before.

const PAGE = () => Number(process.env.MEDSEED_LEAKAGE_PAGE ?? 10_000);
const LEASE_MS = () => Number(process.env.MEDSEED_LEAKAGE_LEASE_MS ?? 120_000);

type Tx = Pick<typeof db, "$executeRaw">;

/** Records that the version's leakage should be (re)checked; the caller queues the work. */
export async function recordLeakageRequest(versionId: string, tx: Tx = db): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "TestSetLeakageCheck" ("versionId", "requestedAt", "updatedAt")
    VALUES (${versionId}, clock_timestamp(), clock_timestamp())
    ON CONFLICT ("versionId") DO UPDATE SET "requestedAt" = clock_timestamp(), "updatedAt" = clock_timestamp()`;
}

export type LeakageOutcome = "checked" | "current" | "busy" | "not-requested";

/**
 * Runs the version's leakage check if one is asked for and none is running: "current" when the last check
 * started after the latest request, "busy" when another worker holds it (it goes round again for requests
 * made meanwhile).
 */
export async function runLeakageCheck(
  versionId: string,
  opts: { signal?: AbortSignal; log?: (line: string) => void } = {},
): Promise<LeakageOutcome> {
  const owner = randomUUID();
  let outcome: LeakageOutcome | undefined;
  for (;;) {
    const claimed = await db.$queryRaw<{ startedAt: Date }[]>`
      UPDATE "TestSetLeakageCheck"
      SET "owner" = ${owner}, "leaseUntil" = clock_timestamp() + ${LEASE_MS()}::integer * interval '1 millisecond',
          "startedAt" = clock_timestamp(), "done" = 0, "total" = 0, "updatedAt" = clock_timestamp()
      WHERE "versionId" = ${versionId}
        AND ("owner" IS NULL OR "leaseUntil" < clock_timestamp())
        AND ("checkedAt" IS NULL OR "requestedAt" > "checkedAt")
      RETURNING "startedAt"`;
    const startedAt = claimed[0]?.startedAt;
    if (!startedAt) {
      if (outcome) return outcome;
      const row = await db.testSetLeakageCheck.findUnique({ where: { versionId } });
      if (!row) return "not-requested";
      return row.owner && row.leaseUntil && row.leaseUntil > new Date() ? "busy" : "current";
    }
    try {
      const counts = await scan(versionId, owner, opts.signal);
      opts.log?.(
        `leakage of test set version ${versionId}: ${counts.flagged} flagged against ${counts.seeds} seeds and ${counts.records} generated records`,
      );
    } catch (error) {
      await db.testSetLeakageCheck.updateMany({
        where: { versionId, owner },
        data: { owner: null, leaseUntil: null, error: (error as Error).message.slice(0, 500) },
      });
      throw error;
    }
    // Asked for again while this one read the corpora: go round (the claim above sees the newer request).
    outcome = "checked";
  }
}

async function scan(
  versionId: string,
  owner: string,
  signal: AbortSignal | undefined,
): Promise<{ seeds: number; records: number; flagged: number }> {
  const items = await db.testItem.findMany({
    where: { versionId },
    orderBy: { position: "asc" },
    select: { id: true, instruction: true },
  });
  const seedWhere = { status: "APPROVED" as const };
  const generatedWhere = { kept: true };
  const [seedCount, generatedCount] = await Promise.all([
    db.seedTask.count({ where: seedWhere }),
    db.generatedTask.count({ where: generatedWhere }),
  ]);
  const checkScan = new LeakageScan(items);
  let done = 0;
  const beat = async () => {
    if (signal?.aborted) throw new Error("stopped: the worker is shutting down");
    const kept = await db.$executeRaw`
      UPDATE "TestSetLeakageCheck"
      SET "done" = ${done}, "total" = ${Math.max(done, seedCount + generatedCount)},
          "leaseUntil" = clock_timestamp() + ${LEASE_MS()}::integer * interval '1 millisecond',
          "updatedAt" = clock_timestamp()
      WHERE "versionId" = ${versionId} AND "owner" = ${owner}`;
    if (!kept) throw new Error("another worker took this leakage check over");
  };
  await beat();
  const page = (cursor: string | undefined) => ({
    take: PAGE(),
    orderBy: { id: "asc" as const },
    select: { id: true, instruction: true },
    ...(cursor && { cursor: { id: cursor }, skip: 1 }),
  });
  // In id order, as the per-view check indexed them: a tie goes to the record with the smaller id.
  for (let cursor: string | undefined; ; ) {
    const rows = await db.seedTask.findMany({ where: seedWhere, ...page(cursor) });
    checkScan.offerSeeds(rows);
    done += rows.length;
    await beat();
    if (rows.length < PAGE()) break;
    cursor = rows.at(-1)?.id;
  }
  for (let cursor: string | undefined; ; ) {
    const rows = await db.generatedTask.findMany({ where: generatedWhere, ...page(cursor) });
    checkScan.offerGenerated(rows);
    done += rows.length;
    await beat();
    if (rows.length < PAGE()) break;
    cursor = rows.at(-1)?.id;
  }
  const result = checkScan.result();
  const { seeds, records } = checkScan.counts;
  await db.$transaction(
    async (tx) => {
      const finished = await tx.$executeRaw`
        UPDATE "TestSetLeakageCheck"
        SET "owner" = NULL, "leaseUntil" = NULL, "checkedAt" = "startedAt", "startedAt" = NULL,
            "seeds" = ${seeds}, "records" = ${records}, "done" = ${done}, "error" = NULL,
            "updatedAt" = clock_timestamp()
        WHERE "versionId" = ${versionId} AND "owner" = ${owner}`;
      if (!finished) throw new Error("another worker took this leakage check over");
      for (const l of result) {
        await tx.testItem.update({
          where: { id: l.itemId },
          data: {
            leakSeedScore: l.seed?.score ?? null,
            leakSeedText: l.seed?.text ?? null,
            leakGeneratedScore: l.generated?.score ?? null,
            leakGeneratedText: l.generated?.text ?? null,
          },
        });
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { seeds, records, flagged: result.filter((l) => l.flagged).length };
}

export type LeakageStatus = {
  /** the last finished check, or null before the first */
  checked: { at: Date; seeds: number; records: number } | null;
  /** a check asked for and not yet finished: "queued" until a worker takes it, then "running" */
  pending: { state: "queued" | "running"; done: number; total: number } | null;
  error: string | null;
  /**
   * What the last check could not have read (null before the first, and while the next one is pending):
   * approved seeds changed since it began
   * reading, and generation jobs with kept records that added or changed some since (finished since, or still
   * unfinished and written to since). Read from the job rows and the seeds' (status, updatedAt) index, not
   * the corpora.
   */
  changedSince: { seeds: number; jobs: number } | null;
};

/**
 * What the test set page shows: the stored check of a version and its items' stored results. Reads the
 * check row and the version's items only, never the corpora.
 */
export async function storedLeakage(
  versionId: string,
): Promise<{ status: LeakageStatus; items: ItemLeakage[] }> {
  // One snapshot: a check finishing between the two reads must not pair its status with the items before it.
  const [row, items] = await db.$transaction(
    [
      db.testSetLeakageCheck.findUnique({ where: { versionId } }),
      db.testItem.findMany({
        where: { versionId },
        orderBy: { position: "asc" },
        select: {
          id: true,
          leakSeedScore: true,
          leakSeedText: true,
          leakGeneratedScore: true,
          leakGeneratedText: true,
        },
      }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  const checked =
    row?.checkedAt != null ? { at: row.checkedAt, seeds: row.seeds ?? 0, records: row.records ?? 0 } : null;
  const running = !!row?.owner && !!row.leaseUntil && row.leaseUntil > new Date();
  const asked = !!row && (row.checkedAt == null || row.requestedAt > row.checkedAt);
  const status: LeakageStatus = {
    checked,
    pending:
      running || asked
        ? { state: running ? "running" : "queued", done: row?.done ?? 0, total: row?.total ?? 0 }
        : null,
    error: row?.error ?? null,
    // not while a check is on its way (the page refreshes every few seconds then, and shows its progress)
    changedSince: checked && !(running || asked) ? await changedSince(checked.at) : null,
  };
  if (!checked) return { status, items: [] };
  const match = (score: number | null, text: string | null) =>
    score != null && text != null ? { score, text } : null;
  return {
    status,
    items: items.map((i) => ({
      itemId: i.id,
      seed: match(i.leakSeedScore, i.leakSeedText),
      generated: match(i.leakGeneratedScore, i.leakGeneratedText),
      flagged: isLeak(i.leakSeedScore, i.leakGeneratedScore),
    })),
  };
}

/**
 * The items of a version its stored check flags, read alone (a run's page polls this): the same rule as
 * `isLeak`, as a condition on the stored scores, which only a finished check writes (none before the first).
 */
export async function flaggedItemIds(versionId: string): Promise<Set<string>> {
  const rows = await db.testItem.findMany({
    where: {
      versionId,
      OR: [{ leakSeedScore: { gt: LEAKAGE_THRESHOLD } }, { leakGeneratedScore: { gt: LEAKAGE_THRESHOLD } }],
    },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

async function changedSince(at: Date): Promise<{ seeds: number; jobs: number }> {
  const [seeds, jobs] = await Promise.all([
    db.seedTask.count({ where: { status: "APPROVED", updatedAt: { gt: at } } }),
    db.generationJob.count({
      where: {
        keptCount: { gt: 0 },
        OR: [{ finishedAt: { gt: at } }, { finishedAt: null, updatedAt: { gt: at } }],
      },
    }),
  ]);
  return { seeds, jobs };
}

/** Versions whose check was asked for, is not running and has not started in a while (a lost message). */
export async function leakageChecksAdrift(olderThanMs: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ versionId: string }[]>`
    SELECT "versionId" FROM "TestSetLeakageCheck"
    WHERE ("checkedAt" IS NULL OR "requestedAt" > "checkedAt")
      AND ("owner" IS NULL OR "leaseUntil" < clock_timestamp())
      AND "updatedAt" < clock_timestamp() - ${olderThanMs}::integer * interval '1 millisecond'
    LIMIT 20`;
  return rows.map((r) => r.versionId);
}
