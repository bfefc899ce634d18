import "server-only";
import { db } from "@/lib/db";
import { NEAR_DUPLICATE_THRESHOLD } from "@/lib/model/near-duplicate";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { RougeIndex, type RougeMatch } from "@/lib/rouge";

// ROUGE-L over every stored seed instruction, kept in memory per server process and brought up to date
// incrementally before each query (only rows changed since the last sync are read). Archived tasks are left
// out: they are no longer in use.

export { NEAR_DUPLICATE_THRESHOLD };

/**
 * A sync reads the rows updated since the previous one's horizon (below) less this margin: room for the
 * clocks of the app (Prisma stamps updatedAt) and of PostgreSQL to differ.
 */
export const SYNC_OVERLAP_MS = 10_000;

type Entry = { instruction: string; status: SeedStatusName };
type State = {
  index: RougeIndex;
  meta: Map<string, Entry>;
  /** the last sync's horizon (syncHorizon, not when it ran): the next sync reads from it, less the margin */
  syncedTo: Date | null;
  syncing: Promise<void> | null;
};

const g = globalThis as unknown as { medseedSeedIndex?: State };
const state = (): State => {
  g.medseedSeedIndex ??= { index: new RougeIndex(), meta: new Map(), syncedTo: null, syncing: null };
  return g.medseedSeedIndex;
};

/**
 * Where the next sync reads from: the start of the oldest transaction open in this database now, else now. A
 * row still uncommitted (an import of thousands of seeds, open for a minute) carries an updatedAt from after
 * its transaction began, so however late it commits the next sync reads it. (A horizon of "when this sync
 * started" missed such rows once the transaction ran longer than the margin; only a change in the count of
 * live seeds caught them, and not an edit, nor an archive and an insert in the same import.) Client sessions
 * only (autovacuum's would hold it back for nothing). pg_stat_activity shows a session's transaction start to
 * its own role (and to superusers and pg_read_all_stats): the app, its worker and its CLI connect as one role
 * from DATABASE_URL; a write by another role, whose start is hidden, falls back to the margin as before. A
 * session of the role idle in a transaction for hours holds the horizon back that long: the syncs then re-read
 * what changed since (by the updatedAt index), which costs time, not correctness.
 */
async function syncHorizon(): Promise<Date> {
  const [row] = await db.$queryRaw<{ horizon: Date }[]>`
    SELECT least(now(), min(xact_start)) AS horizon FROM pg_stat_activity
     WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
  return row?.horizon ?? new Date();
}

async function syncOnce(s: State) {
  const since = s.syncedTo ? new Date(s.syncedTo.getTime() - SYNC_OVERLAP_MS) : null;
  // Taken before the rows are read, so a row committed meanwhile is read by this sync or the next.
  const horizon = await syncHorizon();
  const rows = await db.seedTask.findMany({
    where: since ? { updatedAt: { gt: since } } : {},
    select: { id: true, instruction: true, status: true },
  });
  for (const r of rows) {
    const known = s.meta.get(r.id);
    if (r.status === "ARCHIVED") {
      if (known) {
        s.index.remove(r.id);
        s.meta.delete(r.id);
      }
      continue;
    }
    if (known?.instruction !== r.instruction) {
      if (known) s.index.remove(r.id);
      s.index.add(r.id, r.instruction);
    }
    s.meta.set(r.id, { instruction: r.instruction, status: r.status });
  }
  s.syncedTo = horizon;
  // Rows can also disappear (a test database reset, a manual delete): resync fully when counts disagree.
  const live = await db.seedTask.count({ where: { status: { not: "ARCHIVED" } } });
  if (live !== s.meta.size) {
    s.index = new RougeIndex();
    s.meta = new Map();
    s.syncedTo = null;
    await syncOnce(s);
  }
}

export async function syncSeedIndex(): Promise<void> {
  const s = state();
  s.syncing ??= syncOnce(s).finally(() => {
    s.syncing = null;
  });
  await s.syncing;
}

export type NearDuplicate = { id: string; instruction: string; status: SeedStatusName; score: number };

const withMeta = (s: State, m: RougeMatch): NearDuplicate => {
  const meta = s.meta.get(m.id) as Entry;
  return { id: m.id, score: m.score, instruction: meta.instruction, status: meta.status };
};

/** The k most similar stored tasks to an instruction (excluding the task being edited). */
export async function mostSimilarSeeds(
  instruction: string,
  k = 3,
  excludeId?: string,
): Promise<NearDuplicate[]> {
  await syncSeedIndex();
  const s = state();
  return s.index
    .topK(instruction, k, { excludeId })
    .filter((m) => m.score > 0)
    .map((m) => withMeta(s, m));
}

/**
 * A lookup of a text's best match above the threshold among stored tasks (or null), the index synced once
 * for all the texts looked up with it (an import asks one text at a time, pausing in between).
 */
export async function nearDuplicateFinder(
  threshold = NEAR_DUPLICATE_THRESHOLD,
): Promise<(text: string) => NearDuplicate | null> {
  await syncSeedIndex();
  const s = state();
  return (text) => {
    const m = s.index.maxAbove(text, threshold);
    return m ? withMeta(s, m) : null;
  };
}
