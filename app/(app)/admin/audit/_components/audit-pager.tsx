import Link from "next/link";
import { Button } from "@/components/ui/button";
import { type AuditPage, type AuditQuery, auditParams } from "@/lib/audit/query";

const href = (q: Partial<AuditQuery>) => {
  const p = auditParams(q).toString();
  return p ? `/admin/audit?${p}` : "/admin/audit";
};

/** Newer/older links that keep the filters; keyset cursors, so pages do not shift as events arrive. */
export function AuditPager({ query, page }: { query: AuditQuery; page: AuditPage }) {
  if (!page.newer && !page.older) return null;
  const filters = { ...query, older: undefined, newer: undefined };
  return (
    <nav aria-label="Audit log pages" className="flex flex-wrap items-center justify-between gap-2">
      <div className="flex gap-2">
        {page.newer ? (
          <>
            <Button asChild size="sm" variant="outline">
              <Link href={href(filters)}>Newest</Link>
            </Button>
            <Button asChild size="sm" variant="outline">
              <Link href={href({ ...filters, newer: page.newer })}>Newer events</Link>
            </Button>
          </>
        ) : null}
      </div>
      {page.older ? (
        <Button asChild size="sm" variant="outline">
          <Link href={href({ ...filters, older: page.older })}>Older events</Link>
        </Button>
      ) : null}
    </nav>
  );
}
