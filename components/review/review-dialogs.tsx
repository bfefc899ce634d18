"use client";

import type { RefObject } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

export const REVIEW_KEYS: [string, string][] = [
  ["a", "Approve"],
  ["u", "Undo the approval just given (for a few seconds)"],
  ["c", "Request changes (asks for a reason)"],
  ["r", "Reject (asks for a reason)"],
  ["j / k", "Next / previous task in the queue"],
  ["?", "Show these shortcuts"],
];

/** Asks why a task is sent back or rejected; Ctrl+Enter sends it. */
export function ReasonDialog({
  asking,
  onClose,
  onSend,
  reason,
  draft = "",
  error,
  pending,
}: {
  asking: "request_changes" | "reject" | null;
  onClose: () => void;
  onSend: (why: string | undefined) => void;
  reason: RefObject<HTMLTextAreaElement | null>;
  /** what was typed before the dialog last closed unsent */
  draft?: string;
  error?: string;
  pending: boolean;
}) {
  return (
    <Dialog open={asking !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          reason.current?.focus();
        }}
      >
        <DialogHeader>
          <DialogTitle>{asking === "reject" ? "Reject this task" : "Request changes"}</DialogTitle>
          <DialogDescription>
            The author sees your reason and can reply. Ctrl+Enter sends it.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            onSend(reason.current?.value);
          }}
        >
          <Label htmlFor="review-reason">Reason</Label>
          <Textarea
            id="review-reason"
            ref={reason}
            defaultValue={draft}
            rows={4}
            aria-describedby="review-reason-error"
            onKeyDown={(e) => {
              if ((e.ctrlKey || e.metaKey) && e.key === "Enter") e.currentTarget.form?.requestSubmit();
            }}
          />
          <FieldError id="review-reason-error" message={error} />
          <DialogFooter>
            <Button
              type="submit"
              variant={asking === "reject" ? "destructive" : "default"}
              disabled={pending}
            >
              {asking === "reject" ? "Reject" : "Send back"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * The queue's keys (`?`). On closing, focus goes back to where it was when the dialog opened, or to
 * `fallback` when that is gone, never left on a removed element, so the next key reaches the queue.
 */
export function ShortcutsDialog({
  open,
  onOpenChange,
  returnTo,
  fallback,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnTo: RefObject<HTMLElement | null>;
  fallback: RefObject<HTMLElement | null>;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          const back = returnTo.current?.isConnected ? returnTo.current : fallback.current;
          back?.focus({ preventScroll: true });
        }}
      >
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>
            Single keys work when no text field has the focus. They can be switched off beside the buttons
            (for speech input, for example).
          </DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[5rem_1fr] gap-2 text-sm">
          {REVIEW_KEYS.map(([k, text]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border px-1.5 font-mono">{k}</kbd>
              </dt>
              <dd>{text}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
