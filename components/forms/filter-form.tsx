import Link from "next/link";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils/cn";
import { DropEmptyFields } from "./drop-empty-fields";
import { UnappliedNote } from "./unapplied-note";

/**
 * The one filter form (seed list, review queue, record browser, audit log): a plain GET form, so the filters
 * land in the URL, a view can be bookmarked, shared and reloaded, and it works without JavaScript. `keep`
 * carries parameters the form does not show (sort order, page size) into the next URL; fields left empty stay
 * out of it.
 */
export function FilterForm({
  action,
  label,
  keep = {},
  compact = false,
  children,
}: {
  /** the page the form filters, e.g. "/seeds"; "Clear" goes back to it */
  action: string;
  /** the search landmark's name, e.g. "Filter seed tasks" */
  label: string;
  keep?: Record<string, string | number | undefined>;
  /** one row without a frame, for a filter beside other content (the review queue) */
  compact?: boolean;
  children: React.ReactNode;
}) {
  return (
    <search aria-label={label}>
      <form
        method="get"
        action={action}
        className={
          compact ? "flex flex-wrap items-end gap-3" : "grid gap-3 rounded-lg border bg-background p-3"
        }
      >
        <DropEmptyFields />
        {children}
        {Object.entries(keep).map(([name, value]) =>
          value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />,
        )}
        <div className="flex items-center gap-2">
          <Button type="submit" size="sm">
            Apply filters
          </Button>
          <Button asChild size="sm" variant="ghost">
            <Link href={action}>Clear</Link>
          </Button>
          <UnappliedNote />
        </div>
      </form>
    </search>
  );
}

/** A row of filter fields, as a grid (columns per breakpoint set by the caller). */
export function FilterRow({ className, children }: { className?: string; children: React.ReactNode }) {
  return <div className={cn("grid grid-cols-2 gap-3", className)}>{children}</div>;
}

/** A labelled text, search, number or date filter. */
export function FilterInput({
  name,
  label,
  value,
  ...props
}: Omit<React.ComponentProps<typeof Input>, "name" | "value" | "defaultValue" | "id"> & {
  name: string;
  label: string;
  value?: string | number;
}) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={`filter-${name}`} className="text-xs">
        {label}
      </Label>
      <Input id={`filter-${name}`} name={name} defaultValue={value ?? ""} {...props} />
    </div>
  );
}

/** Said under a list when its search text was longer than a search takes (lib/validation/text.ts searchText). */
export function SearchCutNote({ max }: { max: number }) {
  return (
    <p className="mt-1 text-muted-foreground text-xs" role="status">
      The search text was longer than {max} characters: searched by its first {max}.
    </p>
  );
}

/**
 * "Go to page N" for a list paged by Next and Previous (17 pages meant editing the URL to reach the last): a GET
 * form carrying the list's filters as they are in the URL (`params`, without its page and cursors).
 */
export function PageJump({
  action,
  params,
  page,
  pages,
}: {
  action: string;
  params: URLSearchParams;
  page: number;
  pages: number;
}) {
  return (
    <form action={action} method="get" className="flex items-center gap-1.5" aria-label="Go to a page">
      {[...params.entries()].map(([name, value]) => (
        <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
      ))}
      <Label htmlFor="page-jump" className="text-muted-foreground text-xs">
        Page
      </Label>
      <Input
        id="page-jump"
        name="page"
        type="number"
        min={1}
        max={pages}
        defaultValue={page}
        className="h-8 w-20"
        inputMode="numeric"
      />
      <Button type="submit" variant="outline" size="sm">
        Go
      </Button>
    </form>
  );
}
