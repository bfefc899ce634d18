import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Exports" };

export default async function Page() {
  await requirePagePermission("export.read");
  return (
    <>
      <PageHeader title="Exports" description="Versioned snapshots of approved seeds." />
      <EmptyState
        title="No exports yet"
        description="Exports of approved seeds arrive once authoring and review are in place."
      />
    </>
  );
}
