import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

// A task's review history as people read it on its page: who submitted, approved, sent back, rejected, undid an
// approval or archived it, when, at which version, and the reason given. From the audit log, where every one of
// these decisions is recorded in the transaction that makes it (lib/review/transitions.ts).

const DECISIONS = {
  "seed.submit": "Submitted for review",
  "seed.approve": "Approved",
  "seed.request_changes": "Sent back for changes",
  "seed.reject": "Rejected",
  "seed.approve.undo": "Approval undone",
  "seed.archive": "Archived",
} as const;

export type SeedDecision = {
  what: (typeof DECISIONS)[keyof typeof DECISIONS];
  by: string;
  at: Date;
  version: number | null;
  reason: string | null;
};

/** Oldest first. */
export async function getSeedDecisions(actor: Actor, input: { id: string }): Promise<SeedDecision[]> {
  authorize(actor, "seed.read");
  const events = await db.auditEvent.findMany({
    where: { targetType: "seed", targetId: input.id, action: { in: Object.keys(DECISIONS) } },
    orderBy: { id: "asc" },
    select: {
      action: true,
      at: true,
      after: true,
      before: true,
      actor: { select: { name: true, email: true } },
    },
  });
  return events.map((e) => {
    const after = (e.after ?? {}) as { version?: number; reason?: string };
    const before = (e.before ?? {}) as { version?: number };
    return {
      what: DECISIONS[e.action as keyof typeof DECISIONS],
      by: e.actor ? (e.actor.name ?? e.actor.email) : "system",
      at: e.at,
      version: after.version ?? before.version ?? null,
      reason: after.reason ?? null,
    };
  });
}
