import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import type { PhiDecision, Prisma } from "@/lib/generated/prisma/client";
import type { PhiFinding } from "./categories";
import { describeFinding, type FindingRef, findingKey, screenTask, withoutResolved } from "./finding-key";

// Resolutions of PHI findings: stored, audited, never updated. The findings themselves are recomputed from
// the text whenever they are needed (the detector is the one source of truth; see finding-key.ts).

type Tx = Prisma.TransactionClient | typeof db;

/**
 * "testitem": an evaluation test item in a version (its findings are read by the provider gate);
 * "testdraft": a test item being written in the app (TestItemDraft; approval reads its findings)
 */
export type PhiTarget = "seed" | "generated" | "testitem" | "testdraft";

export type ScreenableTask = {
  id: string;
  instruction: string;
  input?: string | null;
  output?: string | null;
  /** a seed's note (exported in MedSeed's JSONL and CSV; generated records and test items have none) */
  note?: string | null;
};

export type ResolvedFinding = FindingRef & {
  decision: PhiDecision;
  reason: string;
  by: string;
  at: Date;
};

/** The resolution keys (finding-key.ts) of each of these targets. */
export async function resolvedKeys(
  targetType: PhiTarget,
  ids: readonly string[],
  tx: Tx = db,
): Promise<Map<string, Set<string>>> {
  const map = new Map<string, Set<string>>();
  if (!ids.length) return map;
  const rows = await tx.phiResolution.findMany({
    where: { targetType, targetId: { in: [...new Set(ids)] } },
    select: { targetId: true, field: true, category: true, text: true },
  });
  return keysByTarget(rows, map);
}

/**
 * Resolution rows (read by a caller's own query, e.g. every record of a job) as resolution keys by target id,
 * added to `into`.
 */
export function keysByTarget(
  rows: readonly { targetId: string; field: string; category: string; text: string }[],
  into = new Map<string, Set<string>>(),
): Map<string, Set<string>> {
  for (const r of rows) {
    const set = into.get(r.targetId) ?? new Set<string>();
    set.add(findingKey(r));
    into.set(r.targetId, set);
  }
  return into;
}

/**
 * The findings in a seed task (or a generated record) that nobody has resolved: what approval, export and
 * the provider gate refuse. Pass the transaction to read resolutions made in it.
 */
export async function unresolvedFindings(
  task: ScreenableTask,
  tx: Tx = db,
  targetType: PhiTarget = "seed",
): Promise<PhiFinding[]> {
  const findings = screenTask(task);
  if (!findings.length) return findings;
  const keys = await resolvedKeys(targetType, [task.id], tx);
  return withoutResolved(findings, keys.get(task.id) ?? new Set());
}

/** unresolvedFindings for many tasks at once (one query for the resolutions); only tasks with some. */
export async function unresolvedFindingsMany(
  tasks: readonly ScreenableTask[],
  tx: Tx = db,
  targetType: PhiTarget = "seed",
): Promise<Map<string, PhiFinding[]>> {
  const screened = tasks.map((t) => ({ id: t.id, findings: screenTask(t) })).filter((t) => t.findings.length);
  const out = new Map<string, PhiFinding[]>();
  if (!screened.length) return out;
  const keys = await resolvedKeys(
    targetType,
    screened.map((t) => t.id),
    tx,
  );
  for (const t of screened) {
    const left = withoutResolved(t.findings, keys.get(t.id) ?? new Set());
    if (left.length) out.set(t.id, left);
  }
  return out;
}

/** Every resolution of a task, with who made it, newest first. */
export async function resolutionsOf(
  targetType: PhiTarget,
  targetId: string,
  tx: Tx = db,
): Promise<ResolvedFinding[]> {
  const rows = await tx.phiResolution.findMany({
    where: { targetType, targetId },
    orderBy: { createdAt: "desc" },
    include: { actor: { select: { name: true, email: true } } },
  });
  return rows.map((r) => ({
    field: r.field,
    category: r.category as PhiFinding["category"],
    text: r.text,
    decision: r.decision,
    reason: r.reason,
    by: r.actor.name ?? r.actor.email,
    at: r.createdAt,
  }));
}

/**
 * Records resolutions and their audit events (phi.not_phi / phi.accept) in the caller's transaction. A
 * finding resolved already (by anyone, at the same moment too) is left as it was: the first word stands.
 * Returns how many were new.
 */
export async function recordResolutions(
  tx: Prisma.TransactionClient,
  input: {
    targetType: PhiTarget;
    targetId: string;
    findings: readonly FindingRef[];
    decision: PhiDecision;
    reason: string;
    actorId: string;
  },
): Promise<number> {
  const unique = new Map(input.findings.map((f) => [findingKey(f), f]));
  if (!unique.size) return 0;
  const { count } = await tx.phiResolution.createMany({
    data: [...unique.values()].map((f) => ({
      targetType: input.targetType,
      targetId: input.targetId,
      field: f.field,
      category: f.category,
      text: f.text,
      decision: input.decision,
      reason: input.reason,
      actorId: input.actorId,
    })),
    skipDuplicates: true,
  });
  if (count)
    await recordAudit(
      {
        actorId: input.actorId,
        action: input.decision === "NOT_PHI" ? "phi.not_phi" : "phi.accept",
        targetType: input.targetType,
        targetId: input.targetId,
        after: {
          reason: input.reason,
          findings: [...unique.values()].map((f) => ({ field: f.field, category: f.category, text: f.text })),
        },
      },
      tx,
    );
  return count;
}

/** "seed abc: PHONE "555..." in input; DATE "..." in instruction" — for refusals that name what is left. */
export function describeUnresolved(findings: readonly FindingRef[], max = 3): string {
  const shown = findings.slice(0, max).map(describeFinding).join("; ");
  return findings.length > max ? `${shown}; and ${findings.length - max} more` : shown;
}

export type PhiReport = {
  open: PhiFinding[];
  /** the open findings to resolve: a text found twice in a field is one (finding-key.ts) */
  openCount: number;
  /** `at` as an ISO string: the report is handed to client components as it is */
  resolved: (Omit<ResolvedFinding, "at"> & { at: string })[];
};

/** What a reviewer sees: the open findings of a task as it stands, and the resolutions made so far. */
export async function phiReport(task: ScreenableTask, targetType: PhiTarget = "seed"): Promise<PhiReport> {
  const resolved = await resolutionsOf(targetType, task.id);
  const keys = new Set(resolved.map(findingKey));
  const open = withoutResolved(screenTask(task), keys);
  return {
    open,
    openCount: new Set(open.map(findingKey)).size,
    resolved: resolved.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}
