import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getSeedRevisions, type SeedRevisionView } from "@/lib/seeds/queries";

// A task is "resubmitted" when it waits for review again after a reviewer sent it back (or rejected it):
// the last decision of an earlier review round asked for changes. Reviewers see that request and what
// changed since, and approving such a task in bulk needs a second, explicit confirmation.

export type Resubmission = {
  seedId: string;
  decision: "REQUEST_CHANGES" | "REJECT";
  reviewer: string;
  reason: string | null;
  at: Date;
  /** the version the request was about */
  fromVersion: number;
  /** whether any field (instruction, input, output, tags, difficulty, note, source) differs from that version */
  changed: boolean;
};

type Row = Omit<Resubmission, "reviewer"> & { decision: string; name: string | null; email: string };

/** The resubmitted tasks among `seedIds` (submitted ones only), each with the request it answers. */
export async function resubmissions(
  seedIds: readonly string[],
  client: Pick<typeof db, "$queryRaw"> = db,
): Promise<Map<string, Resubmission>> {
  if (!seedIds.length) return new Map();
  const rows = await client.$queryRaw<Row[]>`
    SELECT DISTINCT ON (s."id") s."id" AS "seedId", r."decision"::text AS "decision", r."reason",
           r."createdAt" AS "at", r."version" AS "fromVersion", u."name", u."email",
           (v."instruction", v."input", v."output", v."topic", v."view", v."taskType", v."difficulty", v."note",
            v."sourceKind", v."citation", v."citationUrl", v."licence", v."adapted")
             IS DISTINCT FROM
           (s."instruction", s."input", s."output", s."topic", s."view", s."taskType", s."difficulty", s."note",
            s."sourceKind", s."citation", s."citationUrl", s."licence", s."adapted")
             AS "changed"
    FROM "SeedTask" s
    JOIN "SeedReview" r ON r."seedId" = s."id" AND r."round" < s."reviewRound"
    JOIN "User" u ON u."id" = r."reviewerId"
    LEFT JOIN "SeedRevision" v ON v."seedId" = s."id" AND v."version" = r."version"
    WHERE s."id" IN (${Prisma.join(seedIds)}) AND s."status" = 'SUBMITTED'
    ORDER BY s."id", r."round" DESC, r."createdAt" DESC`;
  const found = new Map<string, Resubmission>();
  for (const { name, email, decision, ...row } of rows) {
    if (decision !== "REQUEST_CHANGES" && decision !== "REJECT") continue; // last round ended approved
    found.set(row.seedId, { ...row, decision, reviewer: name ?? email });
  }
  return found;
}

/** Why a bulk approval left a resubmitted task out. */
export const resubmittedRefusal = (r: Resubmission) =>
  `Not approved: sent back by ${r.reviewer} and resubmitted${r.changed ? "" : " unchanged"}. Confirm it on its own to approve it.`;

export type ResubmissionDetail = Resubmission & { from: SeedRevisionView; to: SeedRevisionView };

/** For the review page: the request and the two revisions to diff (the one sent back, the current one). */
export async function resubmissionDetail(seedId: string): Promise<ResubmissionDetail | null> {
  const found = (await resubmissions([seedId])).get(seedId);
  if (!found) return null;
  const revisions = await getSeedRevisions(seedId);
  const from = revisions.find((r) => r.version === found.fromVersion);
  const to = revisions[0];
  return from && to ? { ...found, from, to } : null;
}

export type OpenRequest = Omit<Resubmission, "seedId" | "changed">;

/** The request a task sent back (or rejected) is waiting on: the decision that sent it back, for its author. */
export async function openRequest(seedId: string): Promise<OpenRequest | null> {
  const task = await db.seedTask.findUnique({ where: { id: seedId }, select: { status: true } });
  if (task?.status !== "CHANGES_REQUESTED" && task?.status !== "REJECTED") return null;
  const last = await db.seedReview.findFirst({
    where: { seedId },
    orderBy: [{ round: "desc" }, { createdAt: "desc" }],
    include: { reviewer: { select: { name: true, email: true } } },
  });
  if (!last || last.decision === "APPROVE") return null;
  return {
    decision: last.decision,
    reviewer: last.reviewer.name ?? last.reviewer.email,
    reason: last.reason,
    at: last.createdAt,
    fromVersion: last.version,
  };
}
