"use client";

import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { recordVerdictAction } from "../actions";

const CHOICES = [
  { outcome: "candidate", label: "Candidate is better", key: "1" },
  { outcome: "reference", label: "Reference is better", key: "2" },
  { outcome: "tie", label: "Tie", key: "3" },
] as const;

/** A clinician's own verdict; keys 1, 2 and 3 choose, for going through many items. */
export function VerdictForm({
  runId,
  itemId,
  current,
}: {
  runId: string;
  itemId: string;
  current: string | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [saved, setSaved] = useState(current);
  const [error, setError] = useState<string>();

  const record = (outcome: (typeof CHOICES)[number]["outcome"]) =>
    start(async () => {
      const r = await recordVerdictAction({ runId, itemId, outcome });
      if (!r.ok) return setError(r.message);
      setSaved(outcome);
      setError(undefined);
      router.refresh();
    });

  // Keys record for the item on screen now (the listener is added once; the event reads the latest render).
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    const choice = CHOICES.find((c) => c.key === e.key);
    if (choice) record(choice.outcome);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  return (
    <div className="grid gap-2">
      <fieldset className="flex flex-wrap gap-2" aria-label="Your verdict">
        {CHOICES.map((c) => (
          <Button
            key={c.outcome}
            variant={saved === c.outcome ? "default" : "outline"}
            aria-pressed={saved === c.outcome}
            disabled={pending}
            onClick={() => record(c.outcome)}
          >
            {c.label} <kbd className="ml-1 text-xs opacity-70">{c.key}</kbd>
          </Button>
        ))}
      </fieldset>
      <p className="text-sm" role="status">
        {error ?? (saved ? `Your verdict: ${saved}.` : "You have not judged this item yet.")}
      </p>
    </div>
  );
}
