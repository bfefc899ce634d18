import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { SeedEditor } from "@/components/seeds/seed-editor";
import { toForm } from "@/components/seeds/seed-form-types";
import { requirePagePermission } from "@/lib/auth/session";
import { SEED_STATUS_LABELS } from "@/lib/model/seed-status";
import { canEditSeed } from "@/lib/seeds/access";
import { getSeed, vocabularyForEditor } from "@/lib/seeds/queries";

export const metadata: Metadata = { title: "Edit seed task" };

export default async function EditSeedPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePagePermission("seed.edit");
  const seed = await getSeed((await params).id);
  // Someone else's task is "not found" here, as on the server action.
  if (!seed || !canEditSeed(user, seed)) notFound();
  return (
    <>
      <PageHeader
        title="Edit seed task"
        description={`By ${seed.authorName ?? seed.authorEmail} · ${SEED_STATUS_LABELS[seed.status]}`}
      />
      <SeedEditor
        key={seed.id}
        seedId={seed.id}
        version={seed.version}
        initial={toForm(seed)}
        vocabulary={await vocabularyForEditor()}
      />
    </>
  );
}
