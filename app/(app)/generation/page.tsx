import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Generation" };

export default async function Page() {
  await requirePagePermission("generation.read");
  return (
    <>
      <PageHeader
        title="Generation"
        description="Self-instruct jobs that turn a seed export into a dataset."
      />
      <EmptyState
        title="No generation jobs yet"
        description="Generation jobs start from a seed export; that feature is still to come."
      />
    </>
  );
}
