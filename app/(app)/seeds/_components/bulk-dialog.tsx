"use client";

import { useRouter } from "next/navigation";
import { type RefObject, useEffect, useRef, useState, useTransition } from "react";
import { UNREACHABLE } from "@/components/forms/reach";
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
import { Textarea } from "@/components/ui/textarea";
import {
  type BulkOutcome,
  bulkArchiveAction,
  bulkReviewAction,
  bulkSubmitAction,
} from "@/lib/review/actions";
import type { BulkAction } from "@/lib/review/bulk-actions";
import type { BulkRow } from "@/lib/review/bulk-rows";
import { REASON_MAX } from "@/lib/validation/review";

/** A picked row at the version the person saw (a later edit makes it stale), with what can be done to it. */
export type BulkItem = BulkRow;

export type Step =
  | { kind: "confirm"; action: BulkAction }
  | { kind: "reconfirm"; action: "approve" }
  | { kind: "result"; action: BulkAction; outcomes: BulkOutcome[] };

const tasks = (n: number) => `${n} task${n === 1 ? "" : "s"}`;
const VERB: Record<BulkAction, [string, string, string]> = {
  approve: ["Approve", "Approving…", "approved"],
  reject: ["Reject", "Rejecting…", "rejected"],
  submit: ["Submit", "Submitting…", "submitted"],
  archive: ["Archive", "Archiving…", "archived"],
};
const RESULT_TITLE: Record<BulkAction, string> = {
  approve: "Review result",
  reject: "Review result",
  submit: "Submit result",
  archive: "Archive result",
};
const HOW: Record<BulkAction, string> = {
  approve:
    "Each task is reviewed on its own: tasks you wrote, tasks changed since this page loaded and tasks no longer submitted are refused and listed afterwards.",
  reject:
    "Each task is reviewed on its own: tasks you wrote, tasks changed since this page loaded and tasks no longer submitted are refused and listed afterwards.",
  submit:
    "Each task is submitted on its own: incomplete tasks and tasks changed since this page loaded are refused and listed afterwards.",
  archive:
    "Archived tasks stay on record but are no longer used or exported. Each is archived on its own: tasks changed since this page loaded are refused and listed afterwards.",
};

function send(action: BulkAction, items: BulkItem[], reason: string, confirmResubmitted: string[]) {
  const picked = items.map(({ id, version }) => ({ id, version }));
  if (action === "submit") return bulkSubmitAction({ items: picked });
  if (action === "archive") return bulkArchiveAction({ items: picked });
  return bulkReviewAction({
    items: picked,
    action,
    reason: action === "reject" ? reason : undefined,
    confirmResubmitted,
  });
}

/** Confirm, (for resubmitted tasks being approved) confirm again, then the report of what was done. */
export function BulkDialog({
  step,
  items,
  selected,
  onStep,
  onDone,
  returnFocus,
}: {
  step: Step | null;
  items: BulkItem[];
  selected: number;
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

  // Resubmitted tasks the reviewer chose to leave out of a bulk approval: not sent, listed as left out (the server
  // refused them, and the result said "Refused").
  const [leftOut, setLeftOut] = useState<BulkItem[]>([]);

  function run(action: BulkAction, confirmResubmitted: string[] = [], leave: BulkItem[] = []) {
    const why = reason.trim();
    if (action === "reject" && !why) {
      setReasonError("A reason is required");
      return;
    }
    setReasonError(undefined);
    setError(undefined);
    const batch = items.filter((i) => !leave.includes(i));
    startTransition(async () => {
      try {
        const result = batch.length
          ? await send(action, batch, why, confirmResubmitted)
          : { ok: true as const, data: [] as BulkOutcome[] };
        if (!result.ok) {
          setReasonError(result.fieldErrors?.reason?.join(" "));
          if (!result.fieldErrors?.reason) setError(result.message);
          return;
        }
        setSent(batch);
        setLeftOut(leave);
        afterResult.current = true;
        onStep({ kind: "result", action, outcomes: result.data });
        onDone();
        router.refresh();
      } catch {
        setError(UNREACHABLE);
      }
    });
  }

  const resubmitted = items.filter((i) => i.resubmitted);
  return (
    // While the decisions are being sent the dialog stays; once the result shows it closes at once, even while
    // the list behind it is still refreshing (on a busy server that refresh can take seconds).
    <Dialog open={open} onOpenChange={(o) => !o && (step?.kind === "result" || !pending) && onStep(null)}>
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
            items={items}
            leftOut={selected - items.length}
            pending={pending}
            reason={reason}
            onReason={setReason}
            reasonError={reasonError}
            error={error}
            onConfirm={() =>
              step.action === "approve" && resubmitted.length
                ? onStep({ kind: "reconfirm", action: "approve" })
                : run(step.action)
            }
          />
        ) : step?.kind === "reconfirm" ? (
          <Reconfirm
            items={resubmitted}
            others={items.length - resubmitted.length}
            pending={pending}
            error={error}
            onAnswer={(also) =>
              also
                ? run(
                    "approve",
                    resubmitted.map((i) => i.id),
                  )
                : run("approve", [], resubmitted)
            }
          />
        ) : step?.kind === "result" ? (
          <Result action={step.action} outcomes={step.outcomes} items={sent} leftOut={leftOut} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function Confirm(props: {
  action: BulkAction;
  items: BulkItem[];
  leftOut: number;
  pending: boolean;
  reason: string;
  onReason: (v: string) => void;
  reasonError?: string;
  error?: string;
  onConfirm: () => void;
}) {
  const { action, items, pending, reasonError } = props;
  const [verb, doing, done] = VERB[action];
  const resubmitted = action === "approve" ? items.filter((i) => i.resubmitted) : [];
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
          {verb} {tasks(items.length)}
          {action === "submit" ? " for review" : ""}?
        </DialogTitle>
        <DialogDescription>
          {HOW[action]}
          {props.leftOut > 0
            ? ` ${props.leftOut} of the selected tasks cannot be ${done} and ${props.leftOut === 1 ? "is" : "are"} left out.`
            : ""}
        </DialogDescription>
      </DialogHeader>
      {resubmitted.length ? (
        <div className="grid gap-2 text-sm">
          <p className="font-medium">
            {resubmitted.length === items.length
              ? items.length === 1
                ? "It was"
                : "All of them were"
              : resubmitted.length === 1
                ? "One of them was"
                : `${resubmitted.length} of them were`}{" "}
            sent back before and resubmitted: you will be asked about{" "}
            {resubmitted.length === 1 ? "it" : "them"} again.
          </p>
          <ul aria-label="Resubmitted after a request" className="grid gap-1">
            {resubmitted.map((i) => (
              <li key={i.id} className="flex items-center gap-2">
                <Badge variant="warning">Resubmitted</Badge>
                <span className="line-clamp-1">{i.instruction}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {action === "reject" ? (
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
      ) : null}
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
        <Button type="submit" variant={action === "reject" ? "destructive" : "default"} disabled={pending}>
          {pending ? doing : `${verb} ${tasks(items.length)}`}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** The second, explicit confirmation: each resubmitted task with the request it answers. */
function Reconfirm({
  items,
  others,
  pending,
  error,
  onAnswer,
}: {
  items: BulkItem[];
  others: number;
  pending: boolean;
  error?: string;
  onAnswer: (approveThemToo: boolean) => void;
}) {
  const one = items.length === 1;
  return (
    <>
      <DialogHeader>
        <DialogTitle>
          Approve {items.length} resubmitted task{one ? "" : "s"} too?
        </DialogTitle>
        <DialogDescription>
          A reviewer asked for changes on {one ? "this task" : "these tasks"} before. Read each request and
          whether the task changed since; approve {one ? "it" : "them"} only if the request is answered.
          {others ? ` The other ${tasks(others)} are approved either way.` : ""}
        </DialogDescription>
      </DialogHeader>
      <ul aria-label="Resubmitted tasks" className="grid max-h-80 gap-2 overflow-y-auto text-sm">
        {items.map((i) => (
          <li key={i.id} className="grid gap-1 rounded-md border p-2">
            <span className="line-clamp-2 font-medium">{i.instruction}</span>
            <span className="text-muted-foreground">
              {i.resubmitted?.reviewer} asked: “{i.resubmitted?.reason ?? "no reason given"}”
            </span>
            <Badge variant={i.resubmitted?.changed ? "secondary" : "warning"}>
              {i.resubmitted?.changed ? "Changed since the request" : "Nothing changed since the request"}
            </Badge>
          </li>
        ))}
      </ul>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button variant="outline" disabled={pending} onClick={() => onAnswer(false)}>
          Leave {one ? "it" : "them"} out
        </Button>
        <Button disabled={pending} onClick={() => onAnswer(true)}>
          Approve {one ? "it" : "them"} too
        </Button>
      </DialogFooter>
    </>
  );
}

function Result({
  action,
  outcomes,
  items,
  leftOut,
}: {
  action: BulkAction;
  outcomes: BulkOutcome[];
  items: BulkItem[];
  /** resubmitted tasks the reviewer left out: not sent */
  leftOut: BulkItem[];
}) {
  const byId = new Map(items.map((i) => [i.id, i.instruction]));
  const done = outcomes.filter((o) => o.ok).length;
  return (
    <>
      <DialogHeader>
        <DialogTitle>{RESULT_TITLE[action]}</DialogTitle>
        <DialogDescription>
          {done} done, {outcomes.length - done} refused
          {leftOut.length ? `, ${leftOut.length} left out as you chose` : ""}.
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
        {leftOut.map((i) => (
          <li key={i.id} className="grid gap-1 rounded-md border p-2">
            <span className="flex items-center gap-2">
              <Badge variant="secondary">Left out</Badge>
              <span className="line-clamp-1">{i.instruction}</span>
            </span>
            <span className="text-muted-foreground">
              Resubmitted after a request for changes: it waits in the queue for a review of its own.
            </span>
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
