import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { auditActions, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";
import { requirePagePermission } from "@/lib/auth/session";
import { AuditFilters } from "./_components/audit-filters";
import { AuditPager } from "./_components/audit-pager";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await requirePagePermission("audit.read");
  const query = auditQuerySchema.parse(await searchParams);
  const [page, actions] = await Promise.all([listAuditEvents(query), auditActions()]);
  // A cursor counts as a filter here: an empty page past the last event is not an empty log.
  const filtered = Boolean(
    query.action || query.actor || query.target || query.from || query.to || query.older || query.newer,
  );
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, creation, edit, review decision, import, export, role change and setting change, newest first. Entries are never changed or deleted."
      />
      <div className="grid gap-4">
        <AuditFilters query={query} actions={actions} />
        {page.rows.length === 0 ? (
          filtered ? (
            <EmptyState
              title="No event matches these filters"
              description="Widen the dates, pick another action, or clear the filters."
              action={<Link href="/admin/audit">Clear filters</Link>}
            />
          ) : (
            <EmptyState
              title="Nothing recorded yet"
              description="Events appear here as people sign in and work: add users on the Users page, or write a seed task."
              action={<Link href="/admin/users">Go to Users</Link>}
            />
          )
        ) : (
          <>
            <AuditTable rows={page.rows} />
            <AuditPager query={query} page={page} />
          </>
        )}
      </div>
    </>
  );
}
