"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import { reach } from "@/components/forms/reach";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import type { SpotCheckSummary } from "@/lib/dataset/spot-checks";
import { SPOT_GRADE_LABELS, type SpotGrade } from "@/lib/model/spot-grades";
import { gradeAction } from "../../../../actions";
import { GraderEstimate } from "./grader-estimate";
import { GraderRecord } from "./grader-record";
import { ShortcutHelp } from "./shortcut-help";

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

export const GRADE_KEYS: [string, SpotGrade][] = [
  ["1", "ACCEPTABLE"],
  ["2", "WRONG"],
  ["3", "UNSAFE"],
  ["4", "OFF_TASK"],
];
const SHORTCUTS_KEY = "medseed.spotcheck.shortcuts";
type Saved = Pick<GraderItem, "grade" | "note">;

/**
 * Grade a spot-check sample with the keyboard alone: 1-4 grade and move to the next ungraded record, n
 * writes a note first, j/k move, ? lists the keys (single-key shortcuts can be switched off). The estimate
 * updates with every grade.
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
  const router = useRouter();
  const [items, setItems] = useState(initial);
  const [summary, setSummary] = useState(initialSummary);
  const [i, setI] = useState(start);
  const [help, setHelp] = useState(false);
  const [shortcuts, setShortcuts] = useState(true);
  const [unsaved, setUnsaved] = useState(0);
  const note = useRef<HTMLTextAreaElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Grades apply at once (the next record comes up without waiting), then are saved one after another, so
  // each answer's estimate counts every grade before it. A refused save puts the record back to what the
  // server last confirmed, unless a later grade of the same record is on its way.
  const saving = useRef<Promise<void>>(Promise.resolve());
  const confirmed = useRef(
    new Map<number, Saved>(initial.map((it) => [it.position, { grade: it.grade, note: it.note }])),
  );
  const lastSave = useRef(new Map<number, number>());
  const saves = useRef(0);
  const item = items[i] as GraderItem;

  useEffect(() => setShortcuts(window.localStorage.getItem(SHORTCUTS_KEY) !== "off"), []);
  const toggleShortcuts = (on: boolean) => {
    setShortcuts(on);
    window.localStorage.setItem(SHORTCUTS_KEY, on ? "on" : "off");
  };

  const go = useCallback(
    (to: number) => {
      const next = Math.max(0, Math.min(items.length - 1, to));
      setI(next);
      const url = new URL(window.location.href);
      url.searchParams.set("i", String(next));
      window.history.replaceState(null, "", url);
      // The new record's heading takes the focus, so screen readers announce it.
      requestAnimationFrame(() => heading.current?.focus());
    },
    [items.length],
  );

  const grade = useCallback(
    (g: SpotGrade) => {
      // The note box starts with the record's note, so regrading keeps it unless it is changed.
      const text = note.current?.value.trim() ?? "";
      const position = item.position;
      const previous = item.grade;
      const updated = items.map((it, k) => (k === i ? { ...it, grade: g, note: text || null } : it));
      setItems(updated);
      // On to the next record still without a grade (after this one, then from the start).
      const order = [...updated.keys()].filter((k) => k > i).concat([...updated.keys()].filter((k) => k < i));
      const next = order.find((k) => !updated[k]?.grade);
      if (next !== undefined) go(next);
      else toast.success("Every record of the sample is graded.");
      const mine = ++saves.current;
      lastSave.current.set(position, mine);
      setUnsaved((n) => n + 1);
      saving.current = saving.current.then(async () => {
        const r = await reach(
          gradeAction({ spotCheckId, position, grade: g, previous, note: text }),
          "Could not reach MedSeed: that grade was not saved. Check your connection and try again.",
        );
        setUnsaved((n) => n - 1);
        if (!r.ok) {
          if (lastSave.current.get(position) === mine) {
            const back = confirmed.current.get(position) ?? { grade: null, note: null };
            setItems((now) => now.map((it) => (it.position === position ? { ...it, ...back } : it)));
          }
          toast.error(r.message);
          return;
        }
        confirmed.current.set(position, { grade: g, note: text || null });
        if (r.data) setSummary(r.data);
        // The agreement panels below are the server's: brought up to date once the sample is wholly graded and
        // the last grade is in (they said "no graded record is rated yet" until a reload). Not after each grade:
        // a refresh while keys are being pressed took the grader back to the record in the URL.
        if (saves.current === mine && updated.every((it) => it.grade)) router.refresh();
      });
    },
    [spotCheckId, item, items, i, go, router],
  );

  // Keys read the record on screen now, not the one of the render that added the listener: a key pressed
  // after the next record shows but before effects run (a busy machine) must grade that record.
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (!shortcuts || help || e.ctrlKey || e.metaKey || e.altKey) return;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
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
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  return (
    <div className="grid gap-6 lg:grid-cols-[3fr_1fr]">
      <article aria-labelledby="item-h" className="grid content-start gap-4 rounded-lg border p-4">
        <GraderRecord item={item} index={i} total={items.length} heading={heading} />
        <div className="grid gap-1">
          <Label htmlFor="grade-note">Note (optional; press n to write one)</Label>
          <Textarea
            id="grade-note"
            key={item.position}
            ref={note}
            defaultValue={item.note ?? ""}
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
              aria-keyshortcuts={shortcuts ? key : undefined}
            >
              {SPOT_GRADE_LABELS[g]} <kbd className="ml-1 rounded border px-1 text-xs opacity-70">{key}</kbd>
            </Button>
          ))}
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <Button variant="ghost" size="sm" onClick={() => go(i - 1)} disabled={i === 0}>
            ← Previous (k)
          </Button>
          <span className="flex items-center gap-3 text-xs">
            <label className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={shortcuts}
                onChange={(e) => toggleShortcuts(e.target.checked)}
              />
              Single-key shortcuts
            </label>
            <button type="button" className="text-muted-foreground underline" onClick={() => setHelp(true)}>
              Keyboard shortcuts (?)
            </button>
          </span>
          <Button variant="ghost" size="sm" onClick={() => go(i + 1)} disabled={i === items.length - 1}>
            Next (j) →
          </Button>
        </div>
      </article>

      <GraderEstimate summary={summary} unsaved={unsaved} keys={GRADE_KEYS} />

      <ShortcutHelp open={help} onOpenChange={setHelp} keys={GRADE_KEYS} />
    </div>
  );
}
