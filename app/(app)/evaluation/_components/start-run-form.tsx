"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { EvalEstimate } from "@/lib/evaluation/runs";
import { estimateEvalRunAction, startEvalRunAction } from "../actions";

const selectClass = "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs";

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** Start a run on this frozen version: the estimate first, then the start (a worker drives the run). */
export function StartRunForm({ testSetId, references }: { testSetId: string; references: string[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [estimate, setEstimate] = useState<EvalEstimate>();

  // Controlled fields: they stay as typed whatever re-renders the page between the estimate and the start.
  const [values, setValues] = useState({
    reference: references[0] ?? "",
    model: "",
    baseUrl: "",
    judgeModel: "",
    judgeBaseUrl: "",
    concurrency: "8",
    budgetUsd: "",
  });
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      setEstimate(undefined);
    },
  });
  const input = () => ({
    testset: testSetId,
    reference: values.reference,
    model: values.model,
    baseUrl: values.baseUrl,
    judgeModel: values.judgeModel,
    judgeBaseUrl: values.judgeBaseUrl || undefined,
    concurrency: Number(values.concurrency || 8),
    budgetUsd: values.budgetUsd ? Number(values.budgetUsd) : undefined,
  });

  const submit = () =>
    start(async () => {
      setError(undefined);
      if (!estimate) {
        const r = await estimateEvalRunAction(input());
        if (r.ok) setEstimate(r.data);
        else setError(r.message);
        return;
      }
      const r = await startEvalRunAction(input());
      if (!r.ok) {
        setError(r.message);
        return;
      }
      router.push(`/evaluation/runs/${r.data.id}`);
    });

  return (
    <form action={submit} className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2">
      <Field id="run-reference" label="Reference answers">
        <select id="run-reference" className={selectClass} {...bind("reference")}>
          {references.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </Field>
      <Field id="run-model" label="Candidate model">
        <Input id="run-model" {...bind("model")} required placeholder="alpacare-7b" />
      </Field>
      <Field id="run-base-url" label="Candidate URL (OpenAI-compatible)">
        <Input id="run-base-url" {...bind("baseUrl")} required placeholder="http://localhost:8000/v1" />
      </Field>
      <Field id="run-judge" label="Judge model">
        <Input id="run-judge" {...bind("judgeModel")} required placeholder="gpt-4" />
      </Field>
      <Field id="run-judge-url" label="Judge URL (empty: OpenAI)">
        <Input id="run-judge-url" {...bind("judgeBaseUrl")} placeholder="https://api.openai.com/v1" />
      </Field>
      <Field id="run-concurrency" label="Calls at once">
        <Input id="run-concurrency" {...bind("concurrency")} type="number" min={1} max={256} />
      </Field>
      <Field id="run-budget" label="Budget in US dollars (optional)">
        <Input id="run-budget" {...bind("budgetUsd")} type="number" min={0} step="0.01" />
      </Field>
      <div className="flex items-end gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {estimate ? "Start run" : "Estimate cost"}
        </Button>
        {estimate ? (
          <p className="text-sm" role="status">
            {estimate.items} items: {estimate.calls.candidate} candidate and {estimate.calls.judge} judge
            calls at most, about ${estimate.usd.toFixed(2)}
            {estimate.unpriced.length
              ? ` (no price for ${estimate.unpriced.join(", ")}: counted as free)`
              : ""}
            .
          </p>
        ) : null}
      </div>
      {error ? (
        <Alert variant="destructive" className="sm:col-span-2">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
