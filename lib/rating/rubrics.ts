import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { PromptTemplate } from "@/lib/quality/template";
import { DEFAULT_RUBRIC, validateRubric } from "./rubric";

// The rater's rubric, versioned like the generation prompts: an edit adds a version, a rating job and every
// rating record the version they used. Version 1 is the built-in default (lib/rating/rubric.ts).

export type RubricVersion = PromptTemplate & {
  id: string;
  version: number;
  note: string | null;
  createdAt: Date;
};

const select = { id: true, version: true, system: true, user: true, note: true, createdAt: true } as const;

export async function currentRubric(): Promise<RubricVersion> {
  const row = await db.ratingRubric.findFirst({ orderBy: { version: "desc" }, select });
  if (row) return row;
  try {
    return await db.ratingRubric.create({
      data: { version: 1, ...DEFAULT_RUBRIC, note: "built-in default (AlpaGasus-style, with a safety rule)" },
      select,
    });
  } catch (error) {
    if (isUniqueViolation(error)) return currentRubric();
    throw error;
  }
}

export async function rubricHistory(): Promise<RubricVersion[]> {
  await currentRubric();
  return db.ratingRubric.findMany({ orderBy: { version: "desc" }, select });
}

/** A new version; `basedOn` is the version the editor loaded (an edit of an older one is refused). */
export async function saveRubric(
  input: PromptTemplate & { note?: string; basedOn: number },
  actorId: string,
): Promise<RubricVersion> {
  const problems = validateRubric({ system: input.system, user: input.user });
  if (problems.length) throw new AppError("INVALID", `The rubric cannot be saved: ${problems.join("; ")}`);
  const current = await currentRubric();
  if (current.version !== input.basedOn)
    throw new AppError(
      "CONFLICT",
      `Version ${current.version} was saved while you edited version ${input.basedOn}. Reload to see it, then apply your change again.`,
    );
  try {
    const row = await db.ratingRubric.create({
      data: {
        version: current.version + 1,
        system: input.system,
        user: input.user,
        note: input.note || null,
        authorId: actorId,
      },
      select,
    });
    await recordAudit({
      actorId,
      action: "rating.rubric",
      targetType: "RatingRubric",
      targetId: row.id,
      after: { version: row.version },
    });
    return row;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(
        "CONFLICT",
        "Someone saved a new version at the same moment. Reload and apply your change again.",
      );
    throw error;
  }
}
