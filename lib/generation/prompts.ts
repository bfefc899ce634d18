import "server-only";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { PromptKind } from "@/lib/generated/prisma/client";
import { BUILT_IN_RESPONSE_SYSTEMS, DEFAULT_RESPONSE_SYSTEM } from "./prompt/response-prompt";
import { BUILT_IN_TASK_TEMPLATES, DEFAULT_TASK_TEMPLATE, validateTaskTemplate } from "./prompt/task-prompt";

// Prompt templates are versioned rows: an edit adds a version, jobs point at the version they used, so a
// job's prompt never changes under it. Version 1 of each kind is the built-in default, created on first use.
// When the built-in default changes (BUILT_IN_* lists every one), a store whose latest version is still an
// older built-in default, never edited, gets the new default as its next version: new jobs use it, existing
// jobs keep the version they point at. A store whose latest version someone edited keeps it.

export type PromptVersion = {
  id: string;
  kind: PromptKind;
  version: number;
  system: string;
  user: string;
  note: string | null;
  createdAt: Date;
  author: string | null;
};

const select = {
  id: true,
  kind: true,
  version: true,
  system: true,
  user: true,
  note: true,
  createdAt: true,
  author: { select: { email: true } },
} as const;

type Row = {
  id: string;
  kind: PromptKind;
  version: number;
  system: string;
  user: string;
  note: string | null;
  createdAt: Date;
  author: { email: string } | null;
};
const toVersion = (r: Row): PromptVersion => ({ ...r, author: r.author?.email ?? null });

const builtIn = (kind: PromptKind) =>
  kind === "TASK"
    ? { system: DEFAULT_TASK_TEMPLATE.system, user: DEFAULT_TASK_TEMPLATE.user }
    : { system: DEFAULT_RESPONSE_SYSTEM, user: "" };

/** True when (system, user) is a built-in default older than the current one. */
function isOlderBuiltIn(kind: PromptKind, row: { system: string; user: string }): boolean {
  const older =
    kind === "TASK"
      ? BUILT_IN_TASK_TEMPLATES.slice(0, -1)
      : BUILT_IN_RESPONSE_SYSTEMS.slice(0, -1).map((system) => ({ system, user: "" }));
  return older.some((t) => t.system === row.system && t.user === row.user);
}

export async function currentPrompt(kind: PromptKind): Promise<PromptVersion> {
  const row = await db.promptTemplate.findFirst({ where: { kind }, orderBy: { version: "desc" }, select });
  if (row && !isOlderBuiltIn(kind, row)) return toVersion(row);
  try {
    const created = await db.promptTemplate.create({
      data: {
        kind,
        version: (row?.version ?? 0) + 1,
        ...builtIn(kind),
        note: row ? "built-in default, updated" : "built-in default",
      },
      select,
    });
    return toVersion(created);
  } catch (error) {
    // Another request created this version at the same moment: use it.
    if (isUniqueViolation(error)) return currentPrompt(kind);
    throw error;
  }
}

export async function promptHistory(kind: PromptKind): Promise<PromptVersion[]> {
  await currentPrompt(kind);
  const rows = await db.promptTemplate.findMany({ where: { kind }, orderBy: { version: "desc" }, select });
  return rows.map(toVersion);
}

/** Saves a new version. `basedOn` is the version the editor loaded: an edit of an older one is refused. */
export async function savePrompt(
  kind: PromptKind,
  input: { system: string; user: string; note?: string; basedOn: number },
  authorId: string,
): Promise<PromptVersion> {
  if (kind === "TASK") {
    const problems = validateTaskTemplate({ system: input.system, user: input.user });
    if (problems.length)
      throw new AppError("INVALID", `The template cannot be saved: ${problems.join("; ")}`);
  }
  const current = await currentPrompt(kind);
  if (current.version !== input.basedOn) {
    throw new AppError(
      "CONFLICT",
      `Version ${current.version} was saved while you edited version ${input.basedOn}. Reload to see it, then apply your change again.`,
    );
  }
  try {
    const row = await db.promptTemplate.create({
      data: {
        kind,
        version: current.version + 1,
        system: input.system,
        user: kind === "TASK" ? input.user : "",
        note: input.note || null,
        authorId,
      },
      select,
    });
    return toVersion(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "CONFLICT",
        "Someone saved a new version at the same moment. Reload and apply your change again.",
      );
    }
    throw error;
  }
}
