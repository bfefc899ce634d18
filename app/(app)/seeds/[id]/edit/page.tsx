import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CommentThread } from "@/components/review/comment-thread";
import { OpenRequestNote } from "@/components/review/open-request";
import { SeedEditor } from "@/components/seeds/seed-editor";
import { toForm } from "@/components/seeds/seed-form-types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { SEED_STATUS_LABELS } from "@/lib/model/seed-status";
import { findingKey } from "@/lib/phi/finding-key";
import { resolutionsOf } from "@/lib/phi/resolutions";
import { seedComments } from "@/lib/review/queue";
import { openRequest } from "@/lib/review/resubmission";
import { canEditSeed } from "@/lib/seeds/access";
import { getSeed, vocabularyForEditor } from "@/lib/seeds/queries";

export const metadata: Metadata = { title: "Edit seed task" };

export default async function EditSeedPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePagePermission("seed.edit");
  const seed = await getSeed((await params).id);
  // Someone else's task is "not found" here, as on the server action.
  if (!seed || !canEditSeed(user, seed)) notFound();
  const [vocabulary, request, phiResolved] = await Promise.all([
    vocabularyForEditor(user.id),
    openRequest(seed.id),
    resolutionsOf("seed", seed.id),
  ]);
  // Editing an approved task sends it back to review (statusAfterEdit): said before the first keystroke saves.
  const approvedNote =
    seed.status === "APPROVED" ? (
      <Alert variant="warning">
        <AlertTitle>This task is approved</AlertTitle>
        <AlertDescription>
          A change you save makes a new version that goes back to review: the task leaves the approved set
          (and exports made from now on) until a reviewer approves the new version. The approved version stays
          in its history and in exports already made.
        </AlertDescription>
      </Alert>
    ) : null;
  // Fixing a task sent back: the request and the conversation stay in sight beside the form.
  const beside = request ? (
    <>
      {approvedNote}
      <OpenRequestNote request={request} />
      <CommentThread
        seedId={seed.id}
        comments={await seedComments(seed.id)}
        canComment={can(user.roles, "seed.comment")}
      />
    </>
  ) : (
    approvedNote
  );
  return (
    <SeedEditor
      key={seed.id}
      seedId={seed.id}
      version={seed.version}
      status={seed.status}
      initial={toForm(seed)}
      vocabulary={vocabulary}
      description={`By ${seed.authorName ?? seed.authorEmail} · ${SEED_STATUS_LABELS[seed.status]}`}
      beside={beside}
      phiResolved={phiResolved.map(findingKey)}
    />
  );
}
