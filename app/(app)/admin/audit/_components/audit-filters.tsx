import { FilterForm, FilterInput, FilterRow } from "@/components/forms/filter-form";
import { FilterSelect } from "@/components/forms/filter-select";
import type { AuditQuery } from "@/lib/audit/query";

/** The audit log's filters, in the URL. */
export function AuditFilters({ query, actions }: { query: AuditQuery; actions: string[] }) {
  return (
    <FilterForm action="/admin/audit" label="Filter audit events">
      <FilterRow className="md:grid-cols-5">
        <FilterSelect
          name="action"
          label="Action"
          value={query.action}
          options={actions.map((a) => [a, a])}
        />
        <FilterInput name="actor" label="Actor email" value={query.actor} placeholder="ana@clinic.org" />
        <FilterInput name="target" label="Target id" value={query.target} />
        <FilterInput name="from" label="From (UTC day)" type="date" value={query.from} />
        <FilterInput name="to" label="To (UTC day, included)" type="date" value={query.to} />
      </FilterRow>
    </FilterForm>
  );
}
