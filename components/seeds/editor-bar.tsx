import Link from "next/link";
import type { ReactNode, Ref } from "react";
import { Button } from "@/components/ui/button";
import { SaveStatus } from "./save-status";
import type { SaveStatus as Status } from "./use-autosave";

/** The editor's sticky bottom bar: save, submit, where the autosave stands, and why a submit was refused. */
export function EditorBar({
  barRef,
  id,
  status,
  savedVersion,
  canSubmit,
  submitting,
  submitError,
  onSubmit,
  viewLink,
  extra,
}: {
  barRef: Ref<HTMLDivElement>;
  id: string | null;
  status: Status;
  savedVersion: number | null;
  canSubmit: boolean;
  submitting: boolean;
  submitError: string | null;
  onSubmit: () => void;
  /** the link beside the status; by default the seed task's own page */
  viewLink?: { href: string; label: string };
  /** more actions beside the save and submit buttons (the seed editor's "Discard draft") */
  extra?: ReactNode;
}) {
  const link = viewLink ?? (id ? { href: `/seeds/${id}`, label: "View task and history" } : null);
  return (
    <div
      ref={barRef}
      className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 border-t bg-background/95 py-3 backdrop-blur"
    >
      <Button type="submit" variant={canSubmit ? "outline" : "default"} disabled={status === "saving"}>
        Save draft
      </Button>
      {canSubmit ? (
        <Button type="button" onClick={onSubmit} disabled={submitting}>
          {submitting ? "Submitting…" : "Submit for review"}
        </Button>
      ) : null}
      {extra}
      <SaveStatus status={status} version={savedVersion} />
      {link ? (
        <Link href={link.href} className="ml-auto text-primary text-sm underline">
          {link.label}
        </Link>
      ) : null}
      {/* Keyboard hints mean nothing on a phone. */}
      <span className="text-muted-foreground text-xs max-sm:hidden">
        <kbd className="rounded border px-1">Ctrl</kbd>+<kbd className="rounded border px-1">S</kbd> saves
        {canSubmit ? (
          <>
            {" · "}
            <kbd className="rounded border px-1">Ctrl</kbd>+<kbd className="rounded border px-1">Enter</kbd>{" "}
            submits
          </>
        ) : null}
      </span>
      {submitError ? (
        <p role="alert" className="basis-full font-medium text-destructive text-sm">
          {submitError}
        </p>
      ) : null}
    </div>
  );
}
