"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useEffectEvent, useRef, useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { reviewSeedAction, undoApprovalAction } from "@/lib/review/actions";
import { UNDO_OFFER_MS } from "@/lib/review/undo-window";
import { cn } from "@/lib/utils/cn";
import { countOf } from "@/lib/utils/plural";
import { localTimes } from "@/lib/utils/utc-minute";
import { ReasonDialog, ShortcutsDialog } from "./review-dialogs";

type Decision = "approve" | "request_changes" | "reject";
type Props = {
  seedId: string;
  version: number;
  prevHref?: string;
  nextHref?: string;
  shortcuts?: boolean;
  /** possible patient identifiers nobody resolved in this revision: approval waits for them (the server refuses) */
  openFindings?: number;
};
type Target = { id: string; version: number };

const DONE: Record<Decision, string> = {
  approve: "Approved",
  request_changes: "Sent back to the author",
  reject: "Rejected",
};
const SHORTCUTS_KEY = "medseed.review.shortcuts";

// The reason typed when its dialog closed unsent (Esc, or after a refusal), per task for this tab: offered again
// on reopening, also after the task's newer version replaced the panel.
const reasonDrafts = new Map<string, string>();
const keepReason = (seedId: string, text: string) =>
  text.trim() ? reasonDrafts.set(seedId, text) : reasonDrafts.delete(seedId);

/** One toast per approval given, so an undo can take it away. */
const approvalToast = (t: Target) => `approval-${t.id}-${t.version}`;

// The approval just given in this tab, for `u`: the queue moves on at once, so the panel that gave it is gone.
let lastApproval: (Target & { at: number }) | null = null;

type Nav = { refresh: () => void; replace: (href: string) => void };

/**
 * After an undo in the queue, the task undone is shown (the reviewer may have moved on to another with `j`, and
 * the undone one went back to its place in the queue); elsewhere the page is refreshed.
 */
function showUndone(id: string, nav: Nav) {
  if (window.location.pathname !== "/review") return nav.refresh();
  const q = new URLSearchParams(window.location.search);
  q.delete("i");
  q.set("seed", id);
  nav.replace(`/review?${q}`);
}

async function undo(target: Target, nav: Nav) {
  const r = await reach(
    undoApprovalAction(target),
    "Could not reach MedSeed: the approval stands. Check your connection and try again.",
  );
  if (!r.ok) return void toast.error(r.message);
  if (lastApproval?.id === target.id) lastApproval = null;
  // The approval's own toast (its Undo no longer means anything) gives way to this one.
  toast.dismiss(approvalToast(target));
  toast.success("Approval undone: the task waits for review again");
  showUndone(target.id, nav);
}

/** `u`: the approval just given, taken back while it may be; else says why nothing happened. */
function undoLast(nav: Nav) {
  const last = lastApproval;
  if (last && Date.now() - last.at < UNDO_OFFER_MS) void undo(last, nav);
  else toast.info("No approval to undo: it can be taken back for a few seconds after giving it.");
}

const typingIn = (e: KeyboardEvent) =>
  e.ctrlKey ||
  e.metaKey ||
  e.altKey ||
  Boolean((e.target as HTMLElement).closest?.("input, textarea, select, [contenteditable], [role=dialog]"));

/**
 * `u` where the queue shows no task (the last one was just approved, so no panel is there to hear it): the
 * same undo as the panel's, unless the reviewer switched single-key shortcuts off.
 */
export function UndoApprovalKey() {
  const router = useRouter();
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.key !== "u" || typingIn(e) || window.localStorage.getItem(SHORTCUTS_KEY) === "off") return;
    e.preventDefault();
    undoLast(router);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
  return null;
}

/**
 * Approve, request changes or reject the revision on screen. With `shortcuts` (the queue) single keys do it
 * too, unless the reviewer switched them off (WCAG 2.1.4); an approval can be undone for a few seconds.
 */
export function ReviewPanel({
  seedId,
  version,
  prevHref,
  nextHref,
  shortcuts = false,
  openFindings = 0,
}: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [asking, setAsking] = useState<Exclude<Decision, "approve"> | null>(null);
  const [help, setHelp] = useState(false);
  const [keysOn, setKeysOn] = useState(true);
  const [error, setError] = useState<string | undefined>();
  // `a` on a task whose identifiers nobody resolved: the note below the buttons says so out loud.
  const [nudged, setNudged] = useState(false);
  const reason = useRef<HTMLTextAreaElement>(null);
  const stale = useRef(false);
  const panel = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => setKeysOn(window.localStorage.getItem(SHORTCUTS_KEY) !== "off"), []);
  const switchKeys = (on: boolean) => {
    setKeysOn(on);
    window.localStorage.setItem(SHORTCUTS_KEY, on ? "on" : "off");
  };
  const showHelp = useCallback(() => {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    setHelp(true);
  }, []);

  const decide = useCallback(
    (action: Decision, why?: string) =>
      start(async () => {
        const r = await reach(reviewSeedAction({ id: seedId, version, action, reason: why }));
        if (!r.ok) {
          // The task changed or was decided meanwhile: once the reviewer has read why, the queue shows it as it
          // now is (this panel, keyed by the version, then gives way).
          stale.current = r.code === "CONFLICT";
          if (r.fieldErrors?.reason) return setError(r.fieldErrors.reason.join(" "));
          // A reason typed stays in its dialog with the refusal, to copy or send again; never thrown away.
          if (action !== "approve") return setError(localTimes(r.message));
          toast.error(localTimes(r.message));
          if (stale.current) router.refresh();
          return;
        }
        setAsking(null);
        setError(undefined);
        reasonDrafts.delete(seedId);
        const message =
          r.data.status === "SUBMITTED" && action === "approve"
            ? `Approval ${r.data.approvals} of ${r.data.required} recorded`
            : DONE[action];
        if (action === "approve") {
          const target = { id: seedId, version };
          lastApproval = { ...target, at: Date.now() };
          toast.success(message, {
            id: approvalToast(target),
            duration: UNDO_OFFER_MS,
            action: { label: "Undo", onClick: () => void undo(target, router) },
          });
        } else toast.success(message);
        router.refresh(); // the queue moves on by itself: this task has left it
      }),
    [seedId, version, router],
  );

  const active = shortcuts && keysOn;
  // Keys act on the task on screen now, not on the one of the render that added the listener (a key pressed
  // after the next task shows but before effects run must not decide the previous one).
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (asking || help || typingIn(e)) return;
    const go = (href?: string) => href && router.push(href);
    const actions: Record<string, () => void> = {
      a: () => {
        if (!openFindings) return decide("approve");
        // The note under the buttons says it in full (often below the fold): the toast says it where the eye is.
        setNudged(true);
        toast.error(
          `Not approved: ${countOf(openFindings, "possible patient identifier")} to resolve first (see below the buttons).`,
        );
      },
      u: () => undoLast(router),
      c: () => setAsking("request_changes"),
      r: () => setAsking("reject"),
      j: () => go(nextHref),
      k: () => go(prevHref),
      "?": showHelp,
    };
    const act = actions[e.key];
    if (act && !pending) {
      e.preventDefault();
      act();
    }
  });
  useEffect(() => {
    if (!active) return;
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [active]);

  return (
    // Sticky at the foot of the window while the task above it is read: at 1280x800 a long task put the
    // decision buttons below the fold on every task (the bar stays inside its card: it scrolls away with it).
    <div
      ref={panel}
      tabIndex={-1}
      data-testid="review-decision-bar"
      className="sticky bottom-0 z-10 -mx-6 flex flex-wrap items-center gap-2 border-t bg-card/95 px-6 py-3 outline-none backdrop-blur"
    >
      <Button
        onClick={() => decide("approve")}
        disabled={pending || openFindings > 0}
        aria-keyshortcuts={active ? "a" : undefined}
        aria-describedby={openFindings ? `approve-waits-${seedId}` : undefined}
      >
        Approve
      </Button>
      <Button
        variant="outline"
        onClick={() => setAsking("request_changes")}
        disabled={pending}
        aria-keyshortcuts={active ? "c" : undefined}
      >
        Request changes
      </Button>
      <Button
        variant="destructive"
        onClick={() => setAsking("reject")}
        disabled={pending}
        aria-keyshortcuts={active ? "r" : undefined}
      >
        Reject
      </Button>
      {shortcuts ? (
        <span className="ml-auto flex items-center gap-3 text-xs">
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              className="size-4 accent-primary"
              checked={keysOn}
              onChange={(e) => switchKeys(e.target.checked)}
            />
            Single-key shortcuts
          </label>
          <Button variant="ghost" size="sm" onClick={showHelp}>
            Shortcuts (?)
          </Button>
        </span>
      ) : null}

      {openFindings ? (
        <p
          id={`approve-waits-${seedId}`}
          role={nudged ? "alert" : undefined}
          className={cn(
            "basis-full text-sm",
            nudged ? "font-medium text-destructive" : "text-muted-foreground",
          )}
        >
          Approval waits for the {countOf(openFindings, "possible patient identifier")} in the patient
          identifier screen: mark each &quot;not PHI&quot; there if it is a false alarm, or request changes so
          the author replaces {openFindings === 1 ? "it" : "them"} with a placeholder.
        </p>
      ) : null}
      <ReasonDialog
        asking={asking}
        onClose={() => {
          keepReason(seedId, reason.current?.value ?? "");
          setAsking(null);
          setError(undefined);
          if (stale.current) router.refresh();
        }}
        onSend={(why) => asking && decide(asking, why)}
        reason={reason}
        draft={reasonDrafts.get(seedId)}
        error={error}
        pending={pending}
      />
      <ShortcutsDialog open={help} onOpenChange={setHelp} returnTo={opener} fallback={panel} />
    </div>
  );
}
