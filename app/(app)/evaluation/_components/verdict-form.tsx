"use client";

import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { recordVerdictAction } from "../actions";

// Named: whoever runs evaluations sees "Candidate" and "Reference". Lettered: a clinician who judges blind sees
// "Answer A" and "Answer B" in an order of their own, and picks a letter; the server maps it back.
const NAMED = [
  { choice: "candidate", label: "Candidate is better", key: "1" },
  { choice: "reference", label: "Reference is better", key: "2" },
  { choice: "tie", label: "Tie", key: "3" },
] as const;
const LETTERED = [
  { choice: "A", label: "A is better", key: "1" },
  { choice: "B", label: "B is better", key: "2" },
  { choice: "tie", label: "Tie", key: "3" },
] as const;
type Choice = (typeof NAMED)[number]["choice"] | (typeof LETTERED)[number]["choice"];

/** A clinician's own verdict; keys 1, 2 and 3 choose, for going through many items. */
export function VerdictForm({
  runId,
  itemId,
  lettered,
  current,
}: {
  runId: string;
  itemId: string;
  /** the answers are shown as A and B: the choices are letters */
  lettered: boolean;
  /** the verdict recorded, as a choice of this form (a letter when lettered) */
  current: string | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [saved, setSaved] = useState(current);
  const [error, setError] = useState<string>();
  const choices = lettered ? LETTERED : NAMED;

  const record = (choice: Choice) =>
    start(async () => {
      const r = await recordVerdictAction(
        lettered
          ? { runId, itemId, answer: choice as (typeof LETTERED)[number]["choice"] }
          : { runId, itemId, outcome: choice as (typeof NAMED)[number]["choice"] },
      );
      if (!r.ok) return setError(r.message);
      setSaved(choice);
      setError(undefined);
      router.refresh();
    });

  // Keys record for the item on screen now (the listener is added once; the event reads the latest render).
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    const choice = choices.find((c) => c.key === e.key);
    if (choice) record(choice.choice);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  const said = choices.find((c) => c.choice === saved)?.label;
  return (
    <div className="grid gap-2">
      <fieldset className="flex flex-wrap gap-2" aria-label="Your verdict">
        {choices.map((c) => (
          <Button
            key={c.choice}
            variant={saved === c.choice ? "default" : "outline"}
            aria-pressed={saved === c.choice}
            disabled={pending}
            onClick={() => record(c.choice)}
          >
            {c.label} <kbd className="ml-1 text-xs opacity-70">{c.key}</kbd>
          </Button>
        ))}
      </fieldset>
      <p className="text-sm" role="status">
        {error ??
          (said
            ? lettered
              ? `Your verdict: ${said}.`
              : `Your verdict: ${saved}.`
            : "You have not judged this item yet.")}
      </p>
    </div>
  );
}
