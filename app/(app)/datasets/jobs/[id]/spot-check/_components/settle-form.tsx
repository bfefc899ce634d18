"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { SPOT_GRADE_LABELS, SPOT_GRADES, type SpotGrade } from "@/lib/model/spot-grades";
import { settleAction } from "../../../../actions";

/** A third reviewer's grade for a record the graders disagree on. */
export function SettleForm({ spotCheckId, position }: { spotCheckId: string; position: number }) {
  const router = useRouter();
  const [grade, setGrade] = useState<SpotGrade>("ACCEPTABLE");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="text-xs" htmlFor={`settle-${position}`}>
        Settle as
      </label>
      <select
        id={`settle-${position}`}
        value={grade}
        onChange={(e) => setGrade(e.target.value as SpotGrade)}
        className="h-8 rounded-md border border-input bg-background px-2 text-xs"
      >
        {SPOT_GRADES.map((g) => (
          <option key={g} value={g}>
            {SPOT_GRADE_LABELS[g]}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await settleAction({ spotCheckId, position, grade });
            setError(r.ok ? null : r.message);
            router.refresh();
          })
        }
      >
        Settle
      </Button>
      {error ? <span className="text-destructive text-xs">{error}</span> : null}
    </div>
  );
}
