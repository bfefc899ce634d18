import { z } from "zod";
import { protectedRoute } from "@/lib/auth/route";
import { judgePromptEditSchema } from "@/lib/evaluation/api-schemas";
import { editJudgePrompt, getJudgePrompt } from "@/lib/evaluation/use-cases/judge-prompt";

export const dynamic = "force-dynamic";

const query = z.object({
  version: z.coerce.number().int().min(1, { error: "version: a version number, 1 or more." }).optional(),
});

/** GET /api/v1/evaluation/judge-prompt[?version=N]: the judge's template, one version and every version. */
export const GET = protectedRoute({ permission: "evaluation.read", query }, async ({ query, user }) => ({
  data: await getJudgePrompt(user, query),
}));

/** PUT /api/v1/evaluation/judge-prompt {system, user, note?, basedOn}: saves a new version (admins). */
export const PUT = protectedRoute(
  { permission: "evaluation.prompt", body: judgePromptEditSchema },
  async ({ body, user }) => ({ data: await editJudgePrompt(user, body) }),
);
