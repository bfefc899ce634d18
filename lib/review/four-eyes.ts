import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// Four-eyes: nobody decides on text they wrote. Barred from reviewing a task's current revision are its
// author and everyone who edited it since it was last approved (an approval of an earlier version by
// someone else), or ever if it never was: their text is in the revision, and no one else has approved it.
// An edit that came before that approval was already seen and approved by another pair of eyes.
// Vocabulary merges do not count: they relabel a topic, view or task type across all tasks from the
// vocabulary page (audited there), and writing none of the task's text, they would otherwise bar the admin
// who merged from reviewing every task the merge touched.

type Client = Pick<typeof db, "$queryRaw">;

/** SQL condition on a task aliased `s`: the user wrote it, or edited it since its last approval. */
export function wroteUnderReview(userId: string): Prisma.Sql {
  return Prisma.sql`(s."authorId" = ${userId} OR EXISTS (
    SELECT 1 FROM "SeedRevision" w
    WHERE w."seedId" = s."id" AND w."editorId" = ${userId} AND w."change" <> 'vocabulary-merge'
      AND w."version" > COALESCE((SELECT max(a."version") FROM "SeedReview" a
                                  WHERE a."seedId" = s."id" AND a."decision" = 'APPROVE'
                                    AND a."version" < s."version"), 0)))`;
}

/** Why the user may not review the task's current revision (they are its author or an editor), or null. */
export async function fourEyesBar(
  seedId: string,
  userId: string,
  client: Client = db,
): Promise<"author" | "editor" | null> {
  const [row] = await client.$queryRaw<{ author: boolean; writer: boolean }[]>`
    SELECT s."authorId" = ${userId} AS author, ${wroteUnderReview(userId)} AS writer
    FROM "SeedTask" s WHERE s."id" = ${seedId}`;
  if (row?.author) return "author";
  return row?.writer ? "editor" : null;
}

export const FOUR_EYES_MESSAGE = {
  author: "You wrote this task: another reviewer must review it (four-eyes rule).",
  editor:
    "You edited this task since it was last approved: another reviewer must review it (four-eyes rule).",
} as const;
