import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { PromptTemplate } from "@/lib/quality/template";
import { DEFAULT_JUDGE_TEMPLATE, validateJudgeTemplate } from "./judge-prompt";

// The pairwise judge's template, versioned like the generation prompts and the rater's rubric: an edit adds a
// version, a run records the version and the text it judged with (EvalRun.judgePromptVersion/judgeTemplate),
// and the verdict cache key holds both (cache-keys.ts), so a new version never reuses an older one's verdicts.
// Version 1 is the built-in default, byte for byte, created on first use: runs made before versions were
// stored recorded version 1 with that text, and keep sharing its verdicts.

export type JudgePromptVersion = PromptTemplate & {
  id: string;
  version: number;
  note: string | null;
  createdAt: Date;
  /** the email of whoever saved it; null for the built-in default */
  author: string | null;
};

const select = {
  id: true,
  version: true,
  system: true,
  user: true,
  note: true,
  authorId: true,
  createdAt: true,
} as const;
type Row = PromptTemplate & {
  id: string;
  version: number;
  note: string | null;
  authorId: string | null;
  createdAt: Date;
};

async function withAuthors(rows: Row[]): Promise<JudgePromptVersion[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.authorId ? [r.authorId] : [])))];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })
    : [];
  const email = new Map(users.map((u) => [u.id, u.email]));
  return rows.map(({ authorId, ...r }) => ({
    ...r,
    author: authorId ? (email.get(authorId) ?? null) : null,
  }));
}

async function ensureDefault(): Promise<void> {
  if (await db.judgePrompt.findFirst({ select: { id: true } })) return;
  try {
    await db.judgePrompt.create({
      data: { version: 1, ...DEFAULT_JUDGE_TEMPLATE, note: "built-in default (AlpacaFarm's structure)" },
    });
  } catch (error) {
    // Another request created it at the same moment.
    if (!isUniqueViolation(error)) throw error;
  }
}

export async function currentJudgePrompt(): Promise<JudgePromptVersion> {
  await ensureDefault();
  const row = await db.judgePrompt.findFirstOrThrow({ orderBy: { version: "desc" }, select });
  return (await withAuthors([row]))[0] as JudgePromptVersion;
}

/** One version; NOT_FOUND names the versions there are. */
export async function judgePromptVersion(version: number): Promise<JudgePromptVersion> {
  await ensureDefault();
  const row = await db.judgePrompt.findUnique({ where: { version }, select });
  if (!row) {
    const latest = await db.judgePrompt.aggregate({ _max: { version: true } });
    throw new AppError(
      "NOT_FOUND",
      `There is no judge prompt version ${version}: versions are 1 to ${latest._max.version ?? 1}.`,
    );
  }
  return (await withAuthors([row]))[0] as JudgePromptVersion;
}

/** Every version, newest first. */
export async function judgePromptHistory(): Promise<JudgePromptVersion[]> {
  await ensureDefault();
  return withAuthors(await db.judgePrompt.findMany({ orderBy: { version: "desc" }, select }));
}

/**
 * Saves an edit as the next version, audited in the same transaction. `basedOn` is the version the editor
 * loaded: when someone saved another meanwhile, the edit is refused rather than silently overwriting theirs.
 */
export async function saveJudgePrompt(
  input: PromptTemplate & { note?: string; basedOn: number },
  actorId: string,
): Promise<JudgePromptVersion> {
  const problems = validateJudgeTemplate({ system: input.system, user: input.user });
  if (problems.length)
    throw new AppError("INVALID", `The judge template cannot be saved: ${problems.join(" ")}`, {
      user: problems,
    });
  const current = await currentJudgePrompt();
  if (current.version !== input.basedOn)
    throw new AppError(
      "CONFLICT",
      `Version ${current.version} of the judge prompt was saved while you edited version ${input.basedOn}. Reload to see it, then apply your change again.`,
    );
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.judgePrompt.create({
        data: {
          version: current.version + 1,
          system: input.system,
          user: input.user,
          note: input.note?.trim() || null,
          authorId: actorId,
        },
        select,
      });
      await recordAudit(
        {
          actorId,
          action: "evaluation.judge-prompt",
          targetType: "JudgePrompt",
          targetId: created.id,
          after: { version: created.version, note: created.note },
        },
        tx,
      );
      return created;
    });
    return (await withAuthors([row]))[0] as JudgePromptVersion;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(
        "CONFLICT",
        "Someone saved a new version of the judge prompt at the same moment. Reload and apply your change again.",
      );
    throw error;
  }
}
