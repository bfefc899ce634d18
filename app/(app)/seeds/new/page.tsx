import type { Metadata } from "next";
import { SeedEditor } from "@/components/seeds/seed-editor";
import { EMPTY_FORM } from "@/components/seeds/seed-form-types";
import { requirePagePermission } from "@/lib/auth/session";
import { vocabularyForEditor } from "@/lib/seeds/queries";

export const metadata: Metadata = { title: "New seed task" };

export default async function NewSeedPage() {
  const user = await requirePagePermission("seed.create");
  return (
    <SeedEditor
      seedId={null}
      version={null}
      initial={EMPTY_FORM}
      vocabulary={await vocabularyForEditor(user.id)}
      description="Drafts save themselves as you type. Pick the difficulty with the rubric; watch the similar tasks (beside the form, or below it on a small screen)."
    />
  );
}
