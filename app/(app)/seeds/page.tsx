import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Seeds" };

export default async function Page() {
  await requirePagePermission("seed.read");
  return (
    <>
      <PageHeader
        title="Seeds"
        description="Clinician-written seed tasks, tagged by topic, view, task type and difficulty."
      />
      <EmptyState
        title="No seed tasks yet"
        description="Seed authoring and import are not built yet: they are the next feature to land."
      />
    </>
  );
}
