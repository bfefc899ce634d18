import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Review" };

export default async function Page() {
  await requirePagePermission("seed.review");
  return (
    <>
      <PageHeader title="Review" description="Submitted seed tasks waiting for a decision." />
      <EmptyState
        title="Nothing to review"
        description="The review queue arrives with the review workflow; submitted tasks will wait here."
      />
    </>
  );
}
