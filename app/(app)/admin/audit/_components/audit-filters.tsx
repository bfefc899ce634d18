import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { AuditQuery } from "@/lib/audit/query";

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-2 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

function Field({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={`audit-${name}`} className="text-xs">
        {label}
      </Label>
      {children}
    </div>
  );
}

/** A plain GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({ query, actions }: { query: AuditQuery; actions: string[] }) {
  return (
    <search aria-label="Filter audit events">
      <form method="get" action="/admin/audit" className="grid gap-3 rounded-lg border bg-background p-3">
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
          <Field name="action" label="Action">
            <select id="audit-action" name="action" defaultValue={query.action ?? ""} className={selectClass}>
              <option value="">Any</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </Field>
          <Field name="actor" label="Actor email">
            <Input id="audit-actor" name="actor" defaultValue={query.actor} placeholder="ana@clinic.org" />
          </Field>
          <Field name="target" label="Target id">
            <Input id="audit-target" name="target" defaultValue={query.target} />
          </Field>
          <Field name="from" label="From (UTC day)">
            <Input id="audit-from" name="from" type="date" defaultValue={query.from} />
          </Field>
          <Field name="to" label="To (UTC day, included)">
            <Input id="audit-to" name="to" type="date" defaultValue={query.to} />
          </Field>
        </div>
        <div className="flex gap-2">
          <Button type="submit" size="sm">
            Apply filters
          </Button>
          <Button asChild size="sm" variant="ghost">
            <Link href="/admin/audit">Clear</Link>
          </Button>
        </div>
      </form>
    </search>
  );
}
