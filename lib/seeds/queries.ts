import "server-only";
import { db } from "@/lib/db";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { seedViewSelect, toSeedView } from "./select";
import type { SeedFields, SeedView } from "./types";

export type SeedRevisionView = SeedFields & {
  version: number;
  status: SeedStatusName;
  change: string;
  createdAt: Date;
  editor: string | null;
};

export async function getSeed(id: string): Promise<SeedView | null> {
  const row = await db.seedTask.findUnique({ where: { id }, select: seedViewSelect });
  return row ? toSeedView(row) : null;
}

/** Every saved state, newest first. */
export async function getSeedRevisions(id: string): Promise<SeedRevisionView[]> {
  const rows = await db.seedRevision.findMany({
    where: { seedId: id },
    orderBy: { version: "desc" },
    include: { editor: { select: { email: true, name: true } } },
  });
  return rows.map(({ editor, seedId: _s, id: _id, editorId: _e, ...r }) => ({
    ...r,
    editor: editor ? (editor.name ?? editor.email) : null,
  }));
}

/**
 * Vocabulary values to suggest in the editor (sent with the page: a few hundred short strings): accepted
 * values, and the viewer's own proposals (listed apart so the editor can mark them "proposed").
 */
export async function vocabularyForEditor(viewerId?: string) {
  const terms = await db.vocabularyTerm.findMany({
    where: {
      OR: [
        { status: "ACCEPTED" },
        ...(viewerId ? [{ status: "PROPOSED" as const, proposers: { some: { userId: viewerId } } }] : []),
      ],
    },
    select: { kind: true, value: true, status: true },
    orderBy: { value: "asc" },
  });
  const of = (kind: string) => terms.filter((t) => t.kind === kind).map((t) => t.value);
  const proposed = terms.filter((t) => t.status === "PROPOSED").map((t) => t.value);
  return { topics: of("TOPIC"), views: of("VIEW"), types: of("TASK_TYPE"), proposed };
}

/** How many tasks are approved: what an export would hold before filters. */
export const countApprovedSeeds = () => db.seedTask.count({ where: { status: "APPROVED" } });
