"use client";

import { useRouter } from "next/navigation";
import {
  createContext,
  type RefObject,
  use,
  useEffect,
  useMemo,
  useRef,
  useState,
  useTransition,
} from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { TableCell, TableHead } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { SEED_STATUS_LABELS, type SeedStatusName } from "@/lib/model/seed-status";
import { type BulkOutcome, bulkReviewAction } from "@/lib/review/actions";
import { REASON_MAX } from "@/lib/validation/review";

/** A row that can be reviewed: the version is the one the reviewer saw, so a later edit makes it stale. */
export type BulkItem = { id: string; version: number; instruction: string };
type Action = "approve" | "reject";
type Step = { kind: "confirm"; action: Action } | { kind: "result"; action: Action; outcomes: BulkOutcome[] };

type Selection = {
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
  if (!ctx) throw new Error("Selection cells must be inside <BulkReviewProvider>");
  return ctx;
}

const tasks = (n: number) => `${n} task${n === 1 ? "" : "s"}`;
const checkbox = "size-4 accent-primary disabled:cursor-not-allowed disabled:opacity-50";

/** Holds the selection for the rows of this page and shows the action bar and dialogs when something is picked. */
export function BulkReviewProvider({ rows, children }: { rows: BulkItem[]; children: React.ReactNode }) {
  const [picked, setPicked] = useState<ReadonlyMap<string, number>>(new Map());
  const [step, setStep] = useState<Step | null>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  // Only rows still shown, at the version shown, count: after a refresh or a page change the rest drop out.
  const selected = useMemo(() => rows.filter((r) => picked.get(r.id) === r.version), [rows, picked]);

  const ctx: Selection = {
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
            aria-label="Bulk review"
            className="flex flex-wrap items-center gap-3 rounded-lg border bg-background px-4 py-3 shadow-lg"
          >
            <p className="mr-auto font-medium text-sm">{selected.length} selected</p>
            <Button onClick={() => setStep({ kind: "confirm", action: "approve" })}>Approve selected</Button>
            <Button variant="destructive" onClick={() => setStep({ kind: "confirm", action: "reject" })}>
              Reject selected
            </Button>
            <Button variant="outline" onClick={clear}>
              Clear
            </Button>
          </section>
        ) : null}
      </div>
      <BulkDialog
        step={step}
        items={selected}
        onStep={setStep}
        onDone={() => setPicked(new Map())}
        returnFocus={selectAllRef}
      />
    </SelectionContext>
  );
}

function BulkDialog({
  step,
  items,
  onStep,
  onDone,
  returnFocus,
}: {
  step: Step | null;
  items: BulkItem[];
  onStep: (s: Step | null) => void;
  onDone: () => void;
  returnFocus: RefObject<HTMLInputElement | null>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  // The result names tasks by instruction, so keep what was sent: after the refresh they leave this page.
  const [sent, setSent] = useState<BulkItem[]>([]);
  // After a result the bar that opened the dialog is gone, so focus returns to the header checkbox instead.
  const afterResult = useRef(false);

  const open = step !== null;
  useEffect(() => {
    if (!open) {
      setReason("");
      setReasonError(undefined);
      setError(undefined);
    }
  }, [open]);

  function run(action: Action) {
    const why = reason.trim();
    if (action === "reject" && !why) {
      setReasonError("A reason is required");
      return;
    }
    setReasonError(undefined);
    setError(undefined);
    const batch = items;
    startTransition(async () => {
      try {
        const result = await bulkReviewAction({
          items: batch.map(({ id, version }) => ({ id, version })),
          action,
          reason: action === "reject" ? why : undefined,
        });
        if (!result.ok) {
          setReasonError(result.fieldErrors?.reason?.join(" "));
          if (!result.fieldErrors?.reason) setError(result.message);
          return;
        }
        setSent(batch);
        afterResult.current = true;
        onStep({ kind: "result", action, outcomes: result.data });
        onDone();
        router.refresh();
      } catch {
        setError("Could not reach MedSeed. Check your connection and try again.");
      }
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !o && !pending && onStep(null)}>
      <DialogContent
        onCloseAutoFocus={(e) => {
          const target = returnFocus.current;
          if (afterResult.current && target && !target.disabled) {
            e.preventDefault();
            target.focus();
          }
          afterResult.current = false;
        }}
      >
        {step?.kind === "confirm" ? (
          <Confirm
            action={step.action}
            count={items.length}
            pending={pending}
            reason={reason}
            onReason={setReason}
            reasonError={reasonError}
            error={error}
            onConfirm={() => run(step.action)}
          />
        ) : step?.kind === "result" ? (
          <Result outcomes={step.outcomes} items={sent} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function Confirm(props: {
  action: Action;
  count: number;
  pending: boolean;
  reason: string;
  onReason: (v: string) => void;
  reasonError?: string;
  error?: string;
  onConfirm: () => void;
}) {
  const { action, count, pending, reasonError } = props;
  const approve = action === "approve";
  return (
    <form
      className="grid gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onConfirm();
      }}
    >
      <DialogHeader>
        <DialogTitle>
          {approve ? "Approve" : "Reject"} {tasks(count)}?
        </DialogTitle>
        <DialogDescription>
          Each task is reviewed on its own: tasks you wrote, tasks changed since this page loaded and tasks no
          longer submitted are refused and listed afterwards.
        </DialogDescription>
      </DialogHeader>
      {approve ? null : (
        <div className="grid gap-2">
          <Label htmlFor="bulk-reason">Reason</Label>
          <Textarea
            id="bulk-reason"
            name="reason"
            required
            maxLength={REASON_MAX}
            value={props.reason}
            onChange={(e) => props.onReason(e.target.value)}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? "bulk-reason-hint bulk-reason-error" : "bulk-reason-hint"}
          />
          <p id="bulk-reason-hint" className="text-muted-foreground text-xs">
            Sent to each author, so they know what to change.
          </p>
          <FieldError id="bulk-reason-error" message={reasonError} />
        </div>
      )}
      {props.error ? (
        <Alert variant="destructive">
          <AlertDescription>{props.error}</AlertDescription>
        </Alert>
      ) : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant={approve ? "default" : "destructive"} disabled={pending}>
          {pending
            ? approve
              ? "Approving…"
              : "Rejecting…"
            : `${approve ? "Approve" : "Reject"} ${tasks(count)}`}
        </Button>
      </DialogFooter>
    </form>
  );
}

function Result({ outcomes, items }: { outcomes: BulkOutcome[]; items: BulkItem[] }) {
  const byId = new Map(items.map((i) => [i.id, i.instruction]));
  const done = outcomes.filter((o) => o.ok).length;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Review result</DialogTitle>
        <DialogDescription>
          {done} done, {outcomes.length - done} refused.
        </DialogDescription>
      </DialogHeader>
      <ul aria-label="Outcomes" className="grid max-h-80 gap-2 overflow-y-auto text-sm">
        {outcomes.map((o) => (
          <li key={o.id} className="grid gap-1 rounded-md border p-2">
            <span className="flex items-center gap-2">
              <Badge variant={o.ok ? "success" : "destructive"}>{o.ok ? "Done" : "Refused"}</Badge>
              <span className="line-clamp-1">{byId.get(o.id) ?? o.id}</span>
            </span>
            <span className={o.ok ? "text-muted-foreground" : "text-destructive"}>{o.message}</span>
          </li>
        ))}
      </ul>
      <DialogFooter>
        {/* The confirm button that held focus is gone: focus lands here, not on <body>. */}
        <DialogClose asChild>
          <Button autoFocus>Close</Button>
        </DialogClose>
      </DialogFooter>
    </>
  );
}

/** Header cell: selects or clears every submitted task on this page. */
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
        aria-label="Select all submitted tasks on this page"
        title={selectable ? undefined : "No submitted task on this page"}
        disabled={!selectable}
        checked={all}
        onChange={(e) => setAll(e.target.checked)}
      />
    </TableHead>
  );
}

/** Row cell: only submitted tasks can be reviewed, the others get a disabled box that says why. */
export function SelectRowCell({ item, status }: { item: BulkItem; status: SeedStatusName }) {
  const { isSelected, toggle } = useSelection();
  const enabled = status === "SUBMITTED";
  return (
    <TableCell className="w-8">
      <input
        type="checkbox"
        className={checkbox}
        aria-label={`Select: ${item.instruction.slice(0, 60)}`}
        title={
          enabled
            ? undefined
            : `Only submitted tasks can be reviewed; this one is ${SEED_STATUS_LABELS[status].toLowerCase()}.`
        }
        disabled={!enabled}
        checked={enabled && isSelected(item.id)}
        onChange={(e) => toggle(item, e.target.checked)}
      />
    </TableCell>
  );
}
