"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { TextField } from "@/components/forms/text-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { estimateRatingAction, startRatingAction } from "../../../rating-actions";

type Estimate = { records: number; cached: number; promptTokens: number; costUsd: number | null };

/** The last rating's rater, which the form starts from (it started from the defaults every time). */
export type LastRater = { kind: string; baseUrl: string | null; model: string };

/** Starts a rating run over the job's kept records; the estimate (records, cache, cost) shows first. */
export function StartRating({ jobId, last }: { jobId: string; last?: LastRater | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const input = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const kind = String(f.get("kind"));
    return {
      generationJobId: jobId,
      budgetUsd: String(f.get("budgetUsd") ?? ""),
      settings: {
        provider: { kind, baseUrl: String(f.get("baseUrl") ?? "") },
        model: String(f.get("model") ?? ""),
      },
    };
  };
  const onEstimate = (form: HTMLFormElement) =>
    start(async () => {
      const result = await estimateRatingAction(input(form) as never);
      if (result.ok) setEstimate(result.data);
      setError(result.ok ? null : result.message);
    });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    start(async () => {
      const result = await startRatingAction(input(form) as never);
      setError(result.ok ? null : result.message);
      if (result.ok) router.refresh();
    });
  };
  return (
    <form onSubmit={onSubmit} className="grid gap-3" aria-label="Rate the records">
      <div className="grid gap-3 sm:grid-cols-4">
        <div className="grid gap-1.5">
          <Label htmlFor="rating-kind">Provider</Label>
          <select
            id="rating-kind"
            name="kind"
            defaultValue={last?.kind ?? "openai-compatible"}
            className="h-9 rounded-md border border-input bg-background px-2 text-sm"
          >
            <option value="openai-compatible">OpenAI-compatible server</option>
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
          </select>
        </div>
        <TextField
          name="baseUrl"
          label="Base URL"
          placeholder="http://localhost:8000/v1"
          defaultValue={last?.baseUrl ?? undefined}
        />
        <TextField name="model" label="Rater model" defaultValue={last?.model ?? "gpt-4o"} required />
        <TextField name="budgetUsd" label="Budget in US$ (optional)" type="number" step="0.01" min={0} />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="button"
          variant="outline"
          disabled={pending}
          onClick={(e) => onEstimate(e.currentTarget.form as HTMLFormElement)}
        >
          Estimate the cost
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Working…" : "Rate the records"}
        </Button>
        {estimate ? (
          <p className="text-muted-foreground text-xs" aria-live="polite">
            {estimate.records} records, {estimate.cached} already rated (free); ~
            {estimate.promptTokens.toLocaleString("en-US")} prompt tokens,{" "}
            {estimate.costUsd === null ? "no price for this model" : `about $${estimate.costUsd.toFixed(4)}`}.
          </p>
        ) : null}
      </div>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
