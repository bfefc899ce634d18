"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { int, usd } from "@/components/generation/job-bits";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/auth/action";
import { rebudgetedWarnings } from "@/lib/generation/budget";
import type { Estimate } from "@/lib/generation/jobs";
import { keyEnvWords } from "@/lib/generation/provider-keys";
import {
  FILTER_LABELS,
  FILTER_NAMES,
  type JobSettings,
  PROVIDER_KINDS,
  PROVIDER_LABELS,
} from "@/lib/validation/generation";
import { estimateJobAction, startJobAction } from "../actions";

type Option = { id: string; label: string };
const selectCls = "h-9 w-full rounded-md border border-input bg-background px-2 text-sm";

function Field({
  name,
  label,
  hint,
  ...props
}: { name: string; label: string; hint?: string } & React.ComponentProps<typeof Input>) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={`job-${name}`}>{label}</Label>
      <Input id={`job-${name}`} name={name} {...props} />
      {hint ? <p className="text-muted-foreground text-xs">{hint}</p> : null}
    </div>
  );
}

/** The budget field's value: blank is no budget; 0 is a budget (the warning says it stops the job at once, and
 *  the start refuses it: at least $0.01). */
function budgetOf(value: FormDataEntryValue | null): number | undefined {
  const n = Number(value ?? "");
  return String(value ?? "").trim() && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The form's fields as the settings the action validates (numbers stay strings: the schema reads them). */
function settingsFrom(form: HTMLFormElement) {
  const f = new FormData(form);
  const get = (k: string) => String(f.get(k) ?? "");
  return {
    exportId: get("exportId"),
    settings: {
      target: get("target"),
      perRequest: get("perRequest"),
      seedsPerRequest: get("seedsPerRequest"),
      taskModel: get("taskModel"),
      responseModel: get("responseModel"),
      provider: { kind: get("providerKind"), baseUrl: get("baseUrl"), credentialId: get("credentialId") },
      temperature: get("temperature"),
      topP: get("topP"),
      presencePenalty: get("presencePenalty"),
      maxTokens: get("maxTokens"),
      responseMaxTokens: get("responseMaxTokens"),
      concurrency: get("concurrency"),
      tokensPerMinute: get("tokensPerMinute"),
      threshold: get("threshold"),
      filters: Object.fromEntries(FILTER_NAMES.map((n) => [n, f.get(`filter-${n}`) === "on"])),
      budgetUsd: get("budgetUsd"),
      rngSeed: get("rngSeed"),
      phiModelText: get("phiModelText") || "pause",
    },
  } as never;
}

export function NewJobForm({
  exports,
  selected,
  credentials,
  initial,
}: {
  exports: Option[];
  selected?: string;
  credentials: Option[];
  /** another job's settings ("New job with these settings"); the defaults otherwise */
  initial?: JobSettings;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: Record<string, string[]> }>();
  // The estimate shown, the budget it was made with, and the budget entered since (the cost does not depend on
  // it: a new budget only changes the over-budget warning, recomputed here as the server words it).
  const [shown, setShown] = useState<{ estimate: Estimate; madeWith?: number; budget?: number }>();
  const [kind, setKind] = useState<string>(initial?.provider.kind ?? "openai");

  const run = (form: HTMLFormElement, what: "estimate" | "start") =>
    start(async () => {
      setError(undefined);
      const input = settingsFrom(form);
      const r = await reach<ActionResult<unknown>>(
        what === "estimate" ? estimateJobAction(input) : startJobAction(input),
      );
      if (!r.ok) return setError({ message: r.message, fields: r.fieldErrors });
      if (what === "estimate") {
        const madeWith = budgetOf(new FormData(form).get("budgetUsd"));
        setShown({ estimate: r.data as Estimate, madeWith, budget: madeWith });
      } else router.push(`/generation/${(r.data as { id: string }).id}`);
    });

  const estimate = shown?.estimate;
  const warnings = shown
    ? rebudgetedWarnings(shown.estimate.warnings, shown.estimate.costUsd, shown.madeWith, shown.budget, "job")
    : [];

  return (
    <form
      className="grid gap-6"
      // An estimate is of the settings it was made from: a change clears it (its cost, its warnings and its first
      // prompt), so what is shown is never for other settings. The budget alone changes none of them but the
      // over-budget warning, which follows the budget entered.
      onChange={(e) => {
        const field = e.target as unknown as HTMLInputElement;
        if (field.name === "budgetUsd") setShown((s) => (s ? { ...s, budget: budgetOf(field.value) } : s));
        else setShown(undefined);
      }}
      onSubmit={(e) => {
        e.preventDefault();
        run(e.currentTarget, "start");
      }}
    >
      <section className="grid gap-3 rounded-lg border p-4" aria-labelledby="what-h">
        <h2 id="what-h" className="font-medium">
          What to generate
        </h2>
        <div className="grid gap-1">
          <Label htmlFor="job-exportId">Seed export</Label>
          <select id="job-exportId" name="exportId" className={selectCls} defaultValue={selected}>
            {exports.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field
            name="target"
            label="Tasks to keep"
            type="number"
            min={1}
            defaultValue={initial?.target ?? 100}
            required
          />
          <Field
            name="perRequest"
            label="Tasks per request"
            type="number"
            min={1}
            max={30}
            defaultValue={initial?.perRequest ?? 12}
          />
          <Field
            name="seedsPerRequest"
            label="Seeds shown per request"
            type="number"
            min={1}
            max={10}
            defaultValue={initial?.seedsPerRequest ?? 3}
          />
        </div>
      </section>

      <section className="grid gap-3 rounded-lg border p-4" aria-labelledby="model-h">
        <h2 id="model-h" className="font-medium">
          Models
        </h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="grid gap-1">
            <Label htmlFor="job-providerKind">Provider</Label>
            <select
              id="job-providerKind"
              name="providerKind"
              className={selectCls}
              value={kind}
              onChange={(e) => setKind(e.target.value)}
            >
              {PROVIDER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {PROVIDER_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="baseUrl"
            label={kind === "openai-compatible" ? "Base URL (required)" : "Base URL (optional)"}
            placeholder="http://localhost:8000/v1"
            defaultValue={initial?.provider.baseUrl}
            required={kind === "openai-compatible"}
          />
          <Field name="taskModel" label="Task model" defaultValue={initial?.taskModel ?? "gpt-4"} required />
          <Field
            name="responseModel"
            label="Response model"
            defaultValue={initial?.responseModel ?? "gpt-3.5-turbo"}
            required
          />
          <div className="grid gap-1 sm:col-span-2">
            <Label htmlFor="job-credentialId">API key</Label>
            <select
              id="job-credentialId"
              name="credentialId"
              className={selectCls}
              defaultValue={initial?.provider.credentialId ?? ""}
            >
              <option value="">{`From the worker's environment (${keyEnvWords(kind)})`}</option>
              {credentials.map((c) => (
                <option key={c.id} value={c.id}>
                  Stored key: {c.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </section>

      <details className="rounded-lg border p-4">
        <summary className="cursor-pointer font-medium">Decoding, filters, limits</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-4">
          <Field
            name="temperature"
            label="Temperature"
            type="number"
            step="0.1"
            defaultValue={initial?.temperature ?? 1}
          />
          <Field name="topP" label="top_p" type="number" step="0.05" defaultValue={initial?.topP ?? 1} />
          <Field
            name="presencePenalty"
            label="Presence penalty"
            type="number"
            step="0.1"
            defaultValue={initial?.presencePenalty ?? 1.5}
          />
          <Field
            name="maxTokens"
            label="Max tokens per task request"
            type="number"
            placeholder="sized to the tasks"
            defaultValue={initial?.maxTokens}
          />
          <Field
            name="responseMaxTokens"
            label="Max tokens per response"
            type="number"
            defaultValue={initial?.responseMaxTokens ?? 300}
          />
          <Field
            name="concurrency"
            label="Calls at once"
            type="number"
            min={1}
            max={256}
            defaultValue={initial?.concurrency ?? 8}
          />
          <Field
            name="tokensPerMinute"
            label="Tokens per minute cap"
            type="number"
            placeholder="no cap"
            defaultValue={initial?.tokensPerMinute}
          />
          <Field
            name="threshold"
            label="ROUGE-L threshold"
            type="number"
            step="0.05"
            min={0}
            max={1}
            defaultValue={initial?.threshold ?? 0.7}
          />
          <Field
            name="budgetUsd"
            label="Budget (USD)"
            type="number"
            step="0.01"
            placeholder="no cap"
            defaultValue={initial?.budgetUsd}
            hint="The job pauses before it could pass this."
          />
          <Field
            name="rngSeed"
            label="Random seed"
            type="number"
            placeholder="random"
            defaultValue={initial?.rngSeed}
            hint="Same seed, same seeds shown: replayable."
          />
        </div>
        <fieldset className="mt-4 grid gap-2">
          <legend className="mb-1 font-medium text-sm">Alpaca's filters</legend>
          {FILTER_NAMES.map((n) => (
            <label key={n} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name={`filter-${n}`} defaultChecked={initial?.filters[n] ?? true} />{" "}
              {FILTER_LABELS[n]}
            </label>
          ))}
        </fieldset>
      </details>

      <fieldset className="grid gap-2 rounded-lg border p-3">
        <legend className="px-1 font-medium text-sm">
          Possible patient identifiers in model-written text
        </legend>
        <p className="text-muted-foreground text-xs">
          The seeds are always screened and stop the job. The tasks the model writes go back to the response
          model; models invent ages like "a 92-year-old" and names freely.
        </p>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="phiModelText"
            value="pause"
            defaultChecked={initial?.phiModelText !== "warn"}
          />{" "}
          Pause the job at each finding (a reviewer resolves it)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="phiModelText"
            value="warn"
            defaultChecked={initial?.phiModelText === "warn"}
          />{" "}
          Send it and log a warning (the model wrote it; no patient record went into it)
        </label>
      </fieldset>

      {error ? (
        <Alert variant="destructive">
          <AlertDescription>
            <p>{error.message}</p>
            {error.fields ? (
              <ul className="mt-1 list-disc pl-5">
                {Object.entries(error.fields).flatMap(([k, msgs]) =>
                  // the message above already says the first of them: said twice before
                  msgs.filter((m) => !error.message.includes(m)).map((m) => <li key={`${k}${m}`}>{m}</li>),
                )}
              </ul>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : null}

      {estimate ? (
        <section
          aria-labelledby="estimate-h"
          className="grid gap-2 rounded-lg border bg-muted/30 p-4 text-sm"
        >
          <h2 id="estimate-h" className="font-medium">
            Estimate (dry run: nothing was sent)
          </h2>
          <p>
            About {int(estimate.requests)} task requests and {int(estimate.responses)} responses:{" "}
            {int(estimate.promptTokens)} prompt + {int(estimate.completionTokens)} completion tokens,{" "}
            <strong>{estimate.costUsd === null ? "cost unknown" : usd(estimate.costUsd)}</strong>.
          </p>
          <ul className="list-disc pl-5 text-muted-foreground text-xs">
            {estimate.assumptions.map((a) => (
              <li key={a}>Assumes {a}.</li>
            ))}
          </ul>
          {warnings.map((w) => (
            <p key={w} className="text-warning-foreground">
              {w}
            </p>
          ))}
          <details open>
            <summary className="cursor-pointer">
              The first prompt, exactly (stop: {estimate.stop.join(", ")})
            </summary>
            {estimate.firstPrompt.map((m) => (
              <div key={m.role} className="mt-2">
                <div className="font-mono text-muted-foreground text-xs uppercase">{m.role}</div>
                <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded border bg-background p-2 text-xs">
                  {m.content}
                </pre>
              </div>
            ))}
          </details>
        </section>
      ) : null}

      <div className="flex gap-2">
        <Button
          type="button"
          variant="outline"
          disabled={pending}
          onClick={(e) => {
            const form = e.currentTarget.form;
            if (form) run(form, "estimate");
          }}
        >
          {pending ? "Working…" : "Estimate cost and show the first prompt"}
        </Button>
        <Button type="submit" disabled={pending}>
          Start job
        </Button>
      </div>
    </form>
  );
}
