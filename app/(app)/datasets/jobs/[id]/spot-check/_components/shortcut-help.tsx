"use client";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { SPOT_GRADE_LABELS, type SpotGrade } from "@/lib/model/spot-grades";

/** The grader's keys (`?`). */
export function ShortcutHelp({
  open,
  onOpenChange,
  keys,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  keys: [string, SpotGrade][];
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>
            Grade without the mouse; the next ungraded record comes up by itself.
          </DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[4rem_1fr] gap-y-1 text-sm">
          {[
            ...keys.map(([k, g]) => [k, SPOT_GRADE_LABELS[g]] as const),
            ["n", "Write a note; Esc leaves it, then a number key grades"],
            ["j / k", "Next / previous record"],
            ["?", "Show these shortcuts"],
          ].map(([k, what]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border px-1">{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="text-muted-foreground text-xs">
          Single-key shortcuts can be switched off below the grade buttons (for speech input, for example).
        </p>
      </DialogContent>
    </Dialog>
  );
}
