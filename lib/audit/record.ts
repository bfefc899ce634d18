import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditInput = {
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  ip?: string | null;
};

type Tx = Pick<typeof db, "auditEvent">;

/** Appends one audit row; pass the transaction client to make it part of the change it records. */
export async function recordAudit(event: AuditInput, tx: Tx = db): Promise<void> {
  await tx.auditEvent.create({ data: { ...event, ip: event.ip ?? null, actorId: event.actorId ?? null } });
}
