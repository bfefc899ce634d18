import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// Read side of the audit log. It only ever reads: rows are appended by recordAudit and a database
// trigger refuses UPDATE and DELETE, so nothing here (or anywhere in the app) changes them.

export const AUDIT_PAGE_SIZE = 50;

// A GET form sends "" for an untouched field; a bad or repeated parameter is dropped, not an error page.
const text = (max: number) =>
  z
    .preprocess(
      (v) => (typeof v === "string" && v.trim() ? v.trim() : undefined),
      z.string().max(max).optional(),
    )
    .catch(undefined);

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
  )
  .optional()
  .catch(undefined);

const cursor = z
  .string()
  .regex(/^\d{1,18}$/)
  .optional()
  .catch(undefined);

export const auditQuerySchema = z.object({
  action: text(100),
  actor: text(200),
  target: text(200),
  from: day,
  to: day,
  older: cursor,
  newer: cursor,
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export type AuditRow = {
  id: string;
  at: Date;
  action: string;
  actor: { email: string; name: string | null } | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
};

/** `older`/`newer`: the cursors of the neighbouring pages, null at either end. */
export type AuditPage = { rows: AuditRow[]; older: string | null; newer: string | null };

const dayStart = (s: string) => new Date(`${s}T00:00:00Z`);
const nextDay = (s: string) => new Date(dayStart(s).getTime() + 86_400_000);

/** Dates are whole UTC days, both ends included. */
export function auditWhere(q: AuditQuery): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (q.action) where.action = q.action;
  if (q.target) where.targetId = q.target;
  if (q.from || q.to)
    where.at = { gte: q.from ? dayStart(q.from) : undefined, lt: q.to ? nextDay(q.to) : undefined };
  if (q.actor) {
    const email = q.actor.toLowerCase();
    // A failed sign-in with an unknown address has no actor; the address it tried is in `after.email`.
    where.OR = [
      { actor: { email: { contains: email, mode: "insensitive" } } },
      { actorId: null, after: { path: ["email"], string_contains: email } },
    ];
  }
  return where;
}

/** One page of events, newest first, paged by keyset on (at, id) so deep pages cost the same as the first. */
export async function listAuditEvents(q: AuditQuery, size = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const goingNewer = Boolean(q.newer && !q.older);
  const from = q.older ?? q.newer;
  const found = await db.auditEvent.findMany({
    where: auditWhere(q),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    // A negative take reads backwards from the cursor, still returned in the order asked for.
    take: goingNewer ? -(size + 1) : size + 1,
    ...(from ? { cursor: { id: BigInt(from) }, skip: 1 } : {}),
    include: { actor: { select: { email: true, name: true } } },
  });
  const more = found.length > size;
  const page = goingNewer ? found.slice(more ? 1 : 0) : found.slice(0, size);
  const rows = page.map((e) => ({
    id: e.id.toString(),
    at: e.at,
    action: e.action,
    actor: e.actor,
    targetType: e.targetType,
    targetId: e.targetId,
    ip: e.ip,
    before: e.before,
    after: e.after,
  }));
  const first = rows[0]?.id ?? null;
  const last = rows.at(-1)?.id ?? null;
  return {
    rows,
    older: goingNewer ? last : more ? last : null,
    newer: goingNewer ? (more ? first : null) : from ? first : null,
  };
}

/** Every action name recorded so far, for the filter's select. */
export async function auditActions(): Promise<string[]> {
  const groups = await db.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } });
  return groups.map((g) => g.action);
}

/** Back to URL parameters (filters only unless a cursor is given), leaving out what is unset. */
export function auditParams(q: Partial<AuditQuery>): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of ["action", "actor", "target", "from", "to", "older", "newer"] as const) {
    const value = q[key];
    if (value) p.set(key, value);
  }
  return p;
}
