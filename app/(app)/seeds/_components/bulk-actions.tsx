"use client";

import { createContext, type RefObject, use, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { TableCell, TableHead } from "@/components/ui/table";
import { SEED_STATUS_LABELS, type SeedStatusName } from "@/lib/model/seed-status";
import type { BulkAction } from "@/lib/review/bulk-actions";
import { BulkDialog, type BulkItem, type Step } from "./bulk-dialog";

export type { BulkItem } from "./bulk-dialog";

type Selection = {
  row: (id: string) => BulkItem | undefined;
  isSelected: (id: string) => boolean;
  toggle: (item: BulkItem, on: boolean) => void;
  setAll: (on: boolean) => void;
  count: number;
  selectable: number;
  selectAllRef: RefObject<HTMLInputElement | null>;
};

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const ctx = use(SelectionContext);
  if (!ctx) throw new Error("Selection cells must be inside <BulkActionsProvider>");
  return ctx;
}

const checkbox = "size-4 accent-primary disabled:cursor-not-allowed disabled:opacity-50";
const BUTTONS: [BulkAction, string, "default" | "destructive" | "outline"][] = [
  ["approve", "Approve selected", "default"],
  ["reject", "Reject selected", "destructive"],
  ["submit", "Submit selected", "default"],
  ["archive", "Archive selected", "outline"],
];

/**
 * Holds the selection for the rows of this page (those the person can act on in bulk: submitted tasks to
 * review, their own drafts to submit or archive) and shows the action bar and dialogs when something is picked.
 */
export function BulkActionsProvider({ rows, children }: { rows: BulkItem[]; children: React.ReactNode }) {
  const [picked, setPicked] = useState<ReadonlyMap<string, number>>(new Map());
  const [step, setStep] = useState<Step | null>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  // Only rows still shown, at the version shown, count: after a refresh or a page change the rest drop out.
  const selected = useMemo(() => rows.filter((r) => picked.get(r.id) === r.version), [rows, picked]);
  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  const of = (action: BulkAction) => selected.filter((r) => r.actions.includes(action));

  const ctx: Selection = {
    row: (id) => byId.get(id),
    isSelected: (id) => selected.some((r) => r.id === id),
    toggle: (item, on) =>
      setPicked((prev) => {
        const next = new Map(prev);
        if (on) next.set(item.id, item.version);
        else next.delete(item.id);
        return next;
      }),
    setAll: (on) => setPicked(on ? new Map(rows.map((r) => [r.id, r.version])) : new Map()),
    count: selected.length,
    selectable: rows.length,
    selectAllRef,
  };
  const clear = () => {
    setPicked(new Map());
    // The bar that held focus disappears; put focus somewhere sensible rather than on <body>.
    selectAllRef.current?.focus();
  };

  return (
    <SelectionContext value={ctx}>
      {children}
      <div aria-live="polite" className="sticky bottom-4 z-10">
        {selected.length ? (
          <section
            aria-label="Bulk actions"
            className="flex flex-wrap items-center gap-3 rounded-lg border bg-background px-4 py-3 shadow-lg"
          >
            <p className="mr-auto font-medium text-sm">{selected.length} selected</p>
            {BUTTONS.filter(([action]) => of(action).length).map(([action, label, variant]) => (
              <Button key={action} variant={variant} onClick={() => setStep({ kind: "confirm", action })}>
                {label}
              </Button>
            ))}
            <Button variant="outline" onClick={clear}>
              Clear
            </Button>
          </section>
        ) : null}
      </div>
      <BulkDialog
        step={step}
        items={step && step.kind !== "result" ? of(step.action) : []}
        selected={selected.length}
        onStep={setStep}
        onDone={() => setPicked(new Map())}
        returnFocus={selectAllRef}
      />
    </SelectionContext>
  );
}

/** Header cell: selects or clears every task on this page that a bulk action applies to. */
export function SelectAllHeadCell() {
  const { count, selectable, setAll, selectAllRef } = useSelection();
  const all = selectable > 0 && count === selectable;
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = count > 0 && !all;
  }, [count, all, selectAllRef]);
  return (
    <TableHead className="w-8">
      <input
        ref={selectAllRef}
        type="checkbox"
        className={checkbox}
        aria-label="Select all tasks on this page that you can act on"
        title={selectable ? undefined : "Nothing on this page to review, submit or archive"}
        disabled={!selectable}
        checked={all}
        onChange={(e) => setAll(e.target.checked)}
      />
    </TableHead>
  );
}

/** Row cell: a task no bulk action applies to gets a disabled box that says why. */
export function SelectRowCell({
  id,
  instruction,
  status,
}: {
  id: string;
  instruction: string;
  status: SeedStatusName;
}) {
  const { row, isSelected, toggle } = useSelection();
  const item = row(id);
  return (
    <TableCell className="w-8 max-md:w-6 max-md:p-0 max-md:pt-0.5">
      <input
        type="checkbox"
        className={checkbox}
        aria-label={`Select: ${instruction.slice(0, 60)}`}
        title={
          item
            ? undefined
            : `Bulk actions apply to submitted tasks (review) and your own drafts (submit, archive); this one is ${SEED_STATUS_LABELS[status].toLowerCase()}.`
        }
        disabled={!item}
        checked={Boolean(item) && isSelected(id)}
        onChange={(e) => item && toggle(item, e.target.checked)}
      />
    </TableCell>
  );
}
