"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { isBudgetPause } from "@/lib/generation/budget-pause";
import { usd } from "@/lib/utils/money";

/** Twice the old budget, at least a cent over what is spent, in whole cents. */
export function suggestedBudget(budgetUsd: number, spentUsd: number): number {
  return Math.ceil(Math.max(budgetUsd * 2, spentUsd + 0.01) * 100) / 100;
}

/**
 * Resume for a generation job, rating job or evaluation run. One with a budget resumes with the budget shown
 * and editable: paused because of it ("raise it and resume", the pause's error), the field starts at a raised
 * one. A budget is sent only when changed; one not above what is spent is refused here and on the server.
 */
export function ResumeWithBudget(props: Parameters<typeof ResumeForm>[0]) {
  // A new budget (a resume that paused again at the one just raised) starts the field afresh from it; without
  // the key the field kept the value already used, no longer above what is spent.
  return <ResumeForm key={`${props.budgetUsd}`} {...props} />;
}

function ResumeForm({
  budgetUsd,
  spentUsd,
  error,
  disabled,
  size = "sm",
  onResume,
}: {
  budgetUsd: number | null;
  spentUsd: number;
  /** the pause's message: a budget pause (isBudgetPause) starts the field at a raised budget */
  error?: string | null;
  disabled?: boolean;
  size?: "sm" | "default";
  onResume: (budgetUsd?: number) => void;
}) {
  const id = useId();
  const atBudget = budgetUsd !== null && (spentUsd >= budgetUsd || isBudgetPause(error));
  const [value, setValue] = useState(() =>
    budgetUsd === null ? "" : String(atBudget ? suggestedBudget(budgetUsd, spentUsd) : budgetUsd),
  );
  if (budgetUsd === null)
    return (
      <Button size={size} disabled={disabled} onClick={() => onResume()}>
        Resume
      </Button>
    );
  const next = Number(value);
  const valid = value.trim() !== "" && Number.isFinite(next) && next > spentUsd;
  const raised = valid && next !== budgetUsd;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onResume(raised ? next : undefined);
      }}
    >
      <label htmlFor={id} className="text-sm">
        Budget ($)
      </label>
      <Input
        id={id}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        className="h-8 w-28"
        value={value}
        aria-invalid={!valid}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setValue(e.target.value)}
      />
      <span id={`${id}-hint`} className="text-muted-foreground text-xs">
        {valid ? `${usd(spentUsd)} spent` : `more than the ${usd(spentUsd)} spent`}
      </span>
      <Button type="submit" size={size} disabled={disabled || !valid}>
        {raised ? "Raise budget and resume" : "Resume"}
      </Button>
    </form>
  );
}
