import { protectedRoute } from "@/lib/auth/route";
import { editRubric, getRubric } from "@/lib/rating/use-cases/rubric";
import { rubricSchema } from "@/lib/validation/rating";

export const dynamic = "force-dynamic";

/** GET /api/v1/rating/rubric: the current rubric and its history. */
export const GET = protectedRoute({ permission: "dataset.read" }, async ({ user }) => ({
  data: await getRubric(user),
}));

/** PUT /api/v1/rating/rubric {system, user, note?, basedOn}: a new version (admins). */
export const PUT = protectedRoute(
  { permission: "rating.rubric", body: rubricSchema },
  async ({ body, user }) => ({
    data: await editRubric(user, body),
  }),
);
