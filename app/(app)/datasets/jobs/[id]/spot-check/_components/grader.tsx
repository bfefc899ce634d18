"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ProgressBar } from "@/components/generation/job-bits";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import type { SpotCheckSummary } from "@/lib/dataset/spot-checks";
import { SPOT_GRADE_LABELS, type SpotGrade } from "@/lib/validation/dataset";
import { Estimate } from "../../../../_components/estimate";
import { gradeAction } from "../../../../actions";

export type GraderItem = {
  position: number;
  grade: SpotGrade | null;
  note: string | null;
  grader: string | null;
  task: {
    id: string;
    seq: number | null;
    instruction: string;
    input: string;
    output: string;
    taskType: string;
    topic: string;
    view: string;
    difficulty: number | null;
  };
};

const GRADE_KEYS: [string, SpotGrade][] = [
  ["1", "ACCEPTABLE"],
  ["2", "WRONG"],
  ["3", "UNSAFE"],
  ["4", "OFF_TASK"],
];
const VARIANT = {
  ACCEPTABLE: "default",
  WRONG: "outline",
  UNSAFE: "destructive",
  OFF_TASK: "secondary",
} as const;

/**
 * Grade a spot-check sample with the keyboard alone: 1-4 grade and move to the next ungraded record, n
 * writes a note first, j/k move, ? lists the keys. The estimate updates with every grade.
 */
export function Grader({
  spotCheckId,
  items: initial,
  summary: initialSummary,
  start,
}: {
  spotCheckId: string;
  items: GraderItem[];
  summary: SpotCheckSummary;
  start: number;
}) {
  const [items, setItems] = useState(initial);
  const [summary, setSummary] = useState(initialSummary);
  const [i, setI] = useState(start);
  const [help, setHelp] = useState(false);
  const note = useRef<HTMLTextAreaElement>(null);
  const item = items[i] as GraderItem;

  const go = useCallback(
    (to: number) => {
      const next = Math.max(0, Math.min(items.length - 1, to));
      setI(next);
      const url = new URL(window.location.href);
      url.searchParams.set("i", String(next));
      window.history.replaceState(null, "", url);
    },
    [items.length],
  );

  // Grades apply at once (the next record comes up without waiting for the server), then are saved; a
  // refused save puts the record back as it was and says why. The estimate is the server's, from the latest
  // answer.
  // Saves go one after another, so each answer's estimate counts every grade given before it.
  const saving = useRef<Promise<void>>(Promise.resolve());
  const [unsaved, setUnsaved] = useState(0);
  const grade = useCallback(
    (g: SpotGrade) => {
      const text = note.current?.value ?? "";
      const position = item.position;
      const before = items[i] as GraderItem;
      const updated = items.map((it, k) => (k === i ? { ...it, grade: g, note: text || null } : it));
      setItems(updated);
      if (note.current) note.current.value = "";
      // On to the next record still without a grade (after this one, then from the start).
      const order = [...updated.keys()].filter((k) => k > i).concat([...updated.keys()].filter((k) => k < i));
      const next = order.find((k) => !updated[k]?.grade);
      if (next !== undefined) go(next);
      else toast.success("Every record of the sample is graded.");
      setUnsaved((n) => n + 1);
      saving.current = saving.current.then(async () => {
        const r = await gradeAction({ spotCheckId, position, grade: g, note: text }).catch(() => null);
        setUnsaved((n) => n - 1);
        if (!r?.ok) {
          setItems((now) => now.map((it) => (it.position === position ? before : it)));
          toast.error(r ? r.message : "Could not reach MedSeed: that grade was not saved. Try again.");
          return;
        }
        if (r.data) setSummary(r.data);
      });
    },
    [spotCheckId, item, items, i, go],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        help ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        target.closest("input, textarea, select, [contenteditable]")
      )
        return;
      const graded = GRADE_KEYS.find(([k]) => k === e.key)?.[1];
      const actions: Record<string, () => void> = {
        j: () => go(i + 1),
        k: () => go(i - 1),
        n: () => note.current?.focus(),
        "?": () => setHelp(true),
      };
      const act = graded ? () => grade(graded) : actions[e.key];
      if (act) {
        e.preventDefault();
        act();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [help, grade, go, i]);

  const t = item.task;
  return (
    <div className="grid gap-6 lg:grid-cols-[3fr_1fr]">
      <article aria-labelledby="item-h" className="grid content-start gap-4 rounded-lg border p-4">
        <header className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="item-h" className="font-medium">
            Record {i + 1} of {items.length}
            {t.seq ? <span className="text-muted-foreground text-sm"> · #{t.seq}</span> : null}
          </h2>
          {item.grade ? (
            <Badge variant={VARIANT[item.grade]}>
              graded {SPOT_GRADE_LABELS[item.grade].toLowerCase()}
              {item.grader ? ` by ${item.grader}` : ""}
            </Badge>
          ) : (
            <Badge variant="outline">not graded</Badge>
          )}
        </header>
        <p className="text-muted-foreground text-xs">
          {[t.taskType, t.topic, t.view, t.difficulty ? `difficulty ${t.difficulty}` : ""]
            .filter(Boolean)
            .join(" · ")}
        </p>
        <section className="grid gap-1">
          <h3 className="font-medium text-muted-foreground text-xs uppercase">Instruction</h3>
          <p className="whitespace-pre-wrap">{t.instruction}</p>
        </section>
        {t.input ? (
          <section className="grid gap-1">
            <h3 className="font-medium text-muted-foreground text-xs uppercase">Input</h3>
            <p className="whitespace-pre-wrap text-sm">{t.input}</p>
          </section>
        ) : null}
        <section className="grid gap-1">
          <h3 className="font-medium text-muted-foreground text-xs uppercase">Response</h3>
          <p className="whitespace-pre-wrap text-sm">{t.output}</p>
        </section>
        {item.note ? <p className="rounded-md bg-muted p-2 text-sm">Note: {item.note}</p> : null}
        <div className="grid gap-1">
          <Label htmlFor="grade-note">Note (optional; press n to write one)</Label>
          <Textarea
            id="grade-note"
            ref={note}
            rows={2}
            placeholder="What is wrong, unsafe or off-task?"
            onKeyDown={(e) => {
              // Esc leaves the note (kept) so that a number key grades again.
              if (e.key === "Escape") e.currentTarget.blur();
            }}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          {GRADE_KEYS.map(([key, g]) => (
            <Button
              key={g}
              variant={g === "ACCEPTABLE" ? "default" : g === "UNSAFE" ? "destructive" : "outline"}
              onClick={() => grade(g)}
              aria-keyshortcuts={key}
            >
              {SPOT_GRADE_LABELS[g]} <kbd className="ml-1 rounded border px-1 text-xs opacity-70">{key}</kbd>
            </Button>
          ))}
        </div>
        <div className="flex items-center justify-between text-sm">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => go(i - 1)}
            disabled={i === 0}
            aria-keyshortcuts="k"
          >
            ← Previous (k)
          </Button>
          <button
            type="button"
            className="text-muted-foreground text-xs underline"
            onClick={() => setHelp(true)}
          >
            Keyboard shortcuts (?)
          </button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => go(i + 1)}
            disabled={i === items.length - 1}
            aria-keyshortcuts="j"
          >
            Next (j) →
          </Button>
        </div>
      </article>

      <aside aria-labelledby="estimate-h" className="grid content-start gap-4 rounded-lg border p-4">
        <h2 id="estimate-h" className="font-medium">
          Estimate so far
        </h2>
        <div aria-live="polite">
          <Estimate estimate={summary.overall} sampleSize={summary.sampleSize} />
        </div>
        {unsaved > 0 ? (
          <p role="status" className="text-muted-foreground text-xs">
            Saving {unsaved} grade{unsaved === 1 ? "" : "s"}…
          </p>
        ) : null}
        <ProgressBar value={summary.graded / Math.max(1, summary.sampleSize)} label="Sample graded" />
        <ul className="grid gap-1 text-sm">
          {GRADE_KEYS.map(([, g]) => (
            <li key={g} className="flex justify-between">
              <span>{SPOT_GRADE_LABELS[g]}</span>
              <span className="tabular-nums">{summary.grades[g]}</span>
            </li>
          ))}
        </ul>
      </aside>

      <Dialog open={help} onOpenChange={setHelp}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Keyboard shortcuts</DialogTitle>
            <DialogDescription>
              Grade without the mouse; the next ungraded record comes up by itself.
            </DialogDescription>
          </DialogHeader>
          <dl className="grid grid-cols-[4rem_1fr] gap-y-1 text-sm">
            {[
              ...GRADE_KEYS.map(([k, g]) => [k, SPOT_GRADE_LABELS[g]] as const),
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
        </DialogContent>
      </Dialog>
    </div>
  );
}
