"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
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
import { toast } from "@/components/ui/toast";
import { reviewSeedAction } from "@/lib/review/actions";

type Decision = "approve" | "request_changes" | "reject";
type Props = { seedId: string; version: number; prevHref?: string; nextHref?: string; shortcuts?: boolean };

const DONE: Record<Decision, string> = {
  approve: "Approved",
  request_changes: "Sent back to the author",
  reject: "Rejected",
};
const KEYS: [string, string][] = [
  ["a", "Approve"],
  ["c", "Request changes (asks for a reason)"],
  ["r", "Reject (asks for a reason)"],
  ["j / k", "Next / previous task in the queue"],
  ["?", "Show these shortcuts"],
];

/** Approve, request changes or reject the revision on screen; with `shortcuts`, the keyboard alone does it. */
export function ReviewPanel({ seedId, version, prevHref, nextHref, shortcuts = false }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [asking, setAsking] = useState<Exclude<Decision, "approve"> | null>(null);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const reason = useRef<HTMLTextAreaElement>(null);

  const decide = useCallback(
    (action: Decision, why?: string) =>
      start(async () => {
        const r = await reviewSeedAction({ id: seedId, version, action, reason: why }).catch(() => null);
        if (!r) return void toast.error("Could not reach MedSeed. Try again.");
        if (!r.ok) {
          if (r.fieldErrors?.reason) return setError(r.fieldErrors.reason.join(" "));
          setAsking(null);
          return void toast.error(r.message);
        }
        setAsking(null);
        setError(undefined);
        toast.success(
          r.data.status === "SUBMITTED"
            ? `Approval ${r.data.approvals} of ${r.data.required} recorded`
            : DONE[action],
        );
        router.refresh(); // the queue moves on by itself: this task has left it
      }),
    [seedId, version, router],
  );

  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        asking ||
        help ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        target.closest("input, textarea, select, [contenteditable]")
      )
        return;
      const go = (href?: string) => href && router.push(href);
      const actions: Record<string, () => void> = {
        a: () => decide("approve"),
        c: () => setAsking("request_changes"),
        r: () => setAsking("reject"),
        j: () => go(nextHref),
        k: () => go(prevHref),
        "?": () => setHelp(true),
      };
      const act = actions[e.key];
      if (act && !pending) {
        e.preventDefault();
        act();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts, asking, help, pending, decide, router, nextHref, prevHref]);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        onClick={() => decide("approve")}
        disabled={pending}
        aria-keyshortcuts={shortcuts ? "a" : undefined}
      >
        Approve
      </Button>
      <Button
        variant="outline"
        onClick={() => setAsking("request_changes")}
        disabled={pending}
        aria-keyshortcuts={shortcuts ? "c" : undefined}
      >
        Request changes
      </Button>
      <Button
        variant="destructive"
        onClick={() => setAsking("reject")}
        disabled={pending}
        aria-keyshortcuts={shortcuts ? "r" : undefined}
      >
        Reject
      </Button>
      {shortcuts ? (
        <Button variant="ghost" size="sm" onClick={() => setHelp(true)}>
          Shortcuts (?)
        </Button>
      ) : null}

      <Dialog open={asking !== null} onOpenChange={(open) => (open ? null : setAsking(null))}>
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
              if (asking) decide(asking, reason.current?.value);
            }}
          >
            <Label htmlFor="review-reason">Reason</Label>
            <Textarea
              id="review-reason"
              ref={reason}
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

      <Dialog open={help} onOpenChange={setHelp}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Keyboard shortcuts</DialogTitle>
          </DialogHeader>
          <dl className="grid grid-cols-[5rem_1fr] gap-2 text-sm">
            {KEYS.map(([k, text]) => (
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
    </div>
  );
}
