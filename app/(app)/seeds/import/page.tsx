import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { ImportWizard } from "./_components/import-wizard";

export const metadata: Metadata = { title: "Import seed tasks" };

export default async function ImportSeedsPage() {
  const user = await requirePagePermission("seed.import");
  return (
    <>
      <PageHeader
        title="Import seed tasks"
        description="AlpaCare seed records, Self-Instruct seed tasks, Alpaca records or MedSeed rows, as JSON, JSON Lines or CSV. Check the preview, then import: all rows or none. Re-importing a file adds nothing twice."
      />
      <ImportWizard canApprove={can(user.roles, "seed.import.approved")} />
    </>
  );
}
