import type * as React from "react";

import { cn } from "@/lib/utils/cn";

// The one table of the app. Variants: `framed` (a bordered box, for a page's main list), `numeric` cells and
// heads (right-aligned, figures of one width), `TableRowHead` for a row's own header cell, and captions that
// show on top, at the bottom, or to screen readers only (every data table names itself).

export function Table({
  className,
  framed = false,
  ...props
}: React.ComponentProps<"table"> & { framed?: boolean }) {
  return (
    <div
      data-slot="table-container"
      className={cn("relative w-full overflow-x-auto", framed && "rounded-lg border bg-background")}
    >
      <table data-slot="table" className={cn("w-full caption-bottom text-sm", className)} {...props} />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead data-slot="table-header" className={cn("[&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr
      data-slot="table-row"
      className={cn("border-b transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted", className)}
      {...props}
    />
  );
}

type CellProps = { numeric?: boolean };
const numericClass = "text-right tabular-nums";

export function TableHead({ className, numeric, ...props }: React.ComponentProps<"th"> & CellProps) {
  return (
    <th
      data-slot="table-head"
      scope="col"
      className={cn(
        "h-10 px-2 text-left align-middle font-medium whitespace-nowrap text-foreground",
        numeric && numericClass,
        className,
      )}
      {...props}
    />
  );
}

/** A row's own header cell (the thing the row is about), read out before each of the row's cells. */
export function TableRowHead({ className, numeric, ...props }: React.ComponentProps<"th"> & CellProps) {
  return (
    <th
      data-slot="table-row-head"
      scope="row"
      className={cn("p-2 text-left align-middle font-normal", numeric && numericClass, className)}
      {...props}
    />
  );
}

export function TableCell({ className, numeric, ...props }: React.ComponentProps<"td"> & CellProps) {
  return (
    <td
      data-slot="table-cell"
      className={cn("p-2 align-middle", numeric && numericClass, className)}
      {...props}
    />
  );
}

const captionPlacement = {
  bottom: "mt-4 text-sm text-muted-foreground",
  top: "caption-top mb-2 text-left font-medium",
  hidden: "sr-only",
} as const;

/** The table's name: below it (default), as a heading on top, or for screen readers only. */
export function TableCaption({
  className,
  placement = "bottom",
  ...props
}: React.ComponentProps<"caption"> & { placement?: keyof typeof captionPlacement }) {
  return (
    <caption data-slot="table-caption" className={cn(captionPlacement[placement], className)} {...props} />
  );
}
