"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cachedAnswersNote, identifiersNote } from "@/lib/evaluation/estimate-words";
import type { EvalEstimate } from "@/lib/evaluation/runs";
import { overBudgetWarning } from "@/lib/generation/budget";
import { usd } from "@/lib/utils/money";
import { countOf } from "@/lib/utils/plural";
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

type Option = { id: string; label: string };
/** the key choice meaning "typed for this run" (never a credential id: those are cuids) */
const TYPED = "__typed__";

/** Where an endpoint's key comes from: the worker's environment, a stored key, or one typed for this run. */
function KeyChoice({
  who,
  credentials,
  choice,
  typed,
  onChoice,
  onTyped,
  typedProblem,
}: {
  who: "candidate" | "judge";
  credentials: Option[];
  choice: string;
  typed: string;
  /** why a typed key could not be kept (no MEDSEED_ENCRYPTION_KEY on the server), or null */
  typedProblem: string | null;
  onChoice: (v: string) => void;
  onTyped: (v: string) => void;
}) {
  const id = `run-${who}-key`;
  return (
    <>
      <Field id={id} label={who === "candidate" ? "Candidate API key" : "Judge API key"}>
        <select
          id={id}
          className={selectClass}
          value={choice}
          onChange={(e) => onChoice(e.target.value)}
          aria-describedby={typedProblem ? `${id}-why` : undefined}
        >
          <option value="">From the worker&apos;s environment</option>
          {credentials.map((c) => (
            <option key={c.id} value={c.id}>
              Stored key: {c.label}
            </option>
          ))}
          <option value={TYPED} disabled={!!typedProblem}>
            Type a key for this run{typedProblem ? " (not on this server)" : ""}
          </option>
        </select>
        {typedProblem ? (
          <p id={`${id}-why`} className="text-muted-foreground text-xs">
            {typedProblem}
          </p>
        ) : null}
      </Field>
      {choice === TYPED ? (
        <Field id={`${id}-typed`} label={`${who === "candidate" ? "Candidate" : "Judge"} key for this run`}>
          <Input
            id={`${id}-typed`}
            type="password"
            autoComplete="off"
            value={typed}
            onChange={(e) => onTyped(e.target.value)}
            required
            aria-describedby={`${id}-typed-hint`}
          />
          <p id={`${id}-typed-hint`} className="text-muted-foreground text-xs">
            Kept encrypted with the run and read only by the worker; it is never shown again.
          </p>
        </Field>
      ) : null}
    </>
  );
}

/** Start a run on this frozen version: the estimate first, then the start (a worker drives the run). */
export function StartRunForm({
  testSetId,
  references,
  judgePrompts,
  credentials,
  initial,
  mayTrust = false,
  typedKeyProblem = null,
}: {
  testSetId: string;
  /** why a key typed for a run could not be kept on this server (lib/evaluation/run-keys.ts), or null */
  typedKeyProblem?: string | null;
  /** an admin, who can mark endpoints trusted (Admin > Settings): the identifier note links there */
  mayTrust?: boolean;
  /** values to start from (an earlier run's settings), else the defaults */
  initial?: Partial<
    Record<
      | "reference"
      | "model"
      | "baseUrl"
      | "judgeModel"
      | "judgeBaseUrl"
      | "concurrency"
      | "budgetUsd"
      | "judgePromptVersion",
      string
    >
  >;
  references: string[];
  /** newest first */
  judgePrompts: { version: number; note: string | null }[];
  credentials: Option[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [estimate, setEstimate] = useState<EvalEstimate>();

  // Controlled fields: they stay as typed whatever re-renders the page between the estimate and the start.
  const [values, setValues] = useState({
    // GPT-4's answers when the set has them (MedInstruct-test's strongest reference), else the first.
    reference: references.includes("gpt-4") ? "gpt-4" : (references[0] ?? ""),
    model: "",
    baseUrl: "",
    judgeModel: "",
    judgeBaseUrl: "",
    concurrency: "8",
    budgetUsd: "",
    judgePromptVersion: String(judgePrompts[0]?.version ?? ""),
    candidateKey: "",
    candidateTyped: "",
    judgeKey: "",
    judgeTyped: "",
    // An earlier run's choices, where this test set still offers them.
    ...Object.fromEntries(
      Object.entries(initial ?? {}).filter(
        ([k, v]) =>
          v !== undefined &&
          (k !== "reference" || references.includes(v)) &&
          (k !== "judgePromptVersion" || judgePrompts.some((p) => String(p.version) === v)),
      ),
    ),
  });
  const set = (name: keyof typeof values) => (value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setEstimate(undefined);
  };
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      setEstimate(undefined);
    },
  });
  const reused = estimate ? cachedAnswersNote(estimate, values.model, values.baseUrl) : null;
  const identifiers = estimate ? identifiersNote(estimate) : null;
  const overBudget = estimate
    ? overBudgetWarning(estimate.usd, values.budgetUsd ? Number(values.budgetUsd) : undefined, "run")
    : null;
  const input = () => ({
    testset: testSetId,
    reference: values.reference,
    model: values.model,
    baseUrl: values.baseUrl,
    judgeModel: values.judgeModel,
    judgeBaseUrl: values.judgeBaseUrl || undefined,
    concurrency: Number(values.concurrency || 8),
    budgetUsd: values.budgetUsd ? Number(values.budgetUsd) : undefined,
    judgePromptVersion: values.judgePromptVersion ? Number(values.judgePromptVersion) : undefined,
    ...(values.candidateKey === TYPED
      ? { candidateApiKey: values.candidateTyped }
      : values.candidateKey && { candidateCredentialId: values.candidateKey }),
    ...(values.judgeKey === TYPED
      ? { judgeApiKey: values.judgeTyped }
      : values.judgeKey && { judgeCredentialId: values.judgeKey }),
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
    // onSubmit, not a form action: React resets a form after its action, and a reset select shows its first
    // option while the state (and so the run) keeps the one chosen; the walk saw claude-2 on the form and a run
    // against gpt-4.
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2"
    >
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
      <Field id="run-judge-prompt" label="Judge prompt version">
        <select id="run-judge-prompt" className={selectClass} {...bind("judgePromptVersion")}>
          {judgePrompts.map((p, i) => (
            <option key={p.version} value={p.version}>
              v{p.version}
              {i === 0 ? " (newest)" : ""}
              {p.note ? `: ${p.note}` : ""}
            </option>
          ))}
        </select>
      </Field>
      <KeyChoice
        who="candidate"
        credentials={credentials}
        choice={values.candidateKey}
        typed={values.candidateTyped}
        onChoice={set("candidateKey")}
        onTyped={set("candidateTyped")}
        typedProblem={typedKeyProblem}
      />
      <KeyChoice
        who="judge"
        credentials={credentials}
        choice={values.judgeKey}
        typed={values.judgeTyped}
        onChoice={set("judgeKey")}
        onTyped={set("judgeTyped")}
        typedProblem={typedKeyProblem}
      />
      <Field id="run-concurrency" label="Calls at once">
        <Input id="run-concurrency" {...bind("concurrency")} type="number" min={1} max={256} />
      </Field>
      <Field id="run-budget" label="Budget in US dollars (optional)">
        <Input id="run-budget" {...bind("budgetUsd")} type="number" min={0.01} step="0.01" />
      </Field>
      <div className="flex items-end gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {estimate ? "Start run" : "Estimate cost"}
        </Button>
        {estimate ? (
          <p className="text-sm" role="status">
            {countOf(estimate.items, "item")}: {estimate.calls.candidate} candidate and {estimate.calls.judge}{" "}
            judge calls at most, about {usd(estimate.usd)}
            {estimate.unpriced.length
              ? ` (no price for ${estimate.unpriced.join(", ")}: counted as free)`
              : ""}
            .
          </p>
        ) : null}
      </div>
      {reused ? (
        <Alert variant="warning" className="sm:col-span-2" data-testid="run-cached-answers">
          <AlertDescription>{reused}</AlertDescription>
        </Alert>
      ) : null}
      {identifiers ? (
        <Alert variant="warning" className="sm:col-span-2" data-testid="run-identifiers">
          <AlertDescription>
            <p>
              {identifiers}
              {mayTrust && estimate?.identifiers.untrusted.length ? (
                <>
                  {" "}
                  <Link className="underline" href="/admin/settings#trusted-endpoints">
                    Trusted endpoints
                  </Link>
                </>
              ) : null}
            </p>
          </AlertDescription>
        </Alert>
      ) : null}
      {overBudget ? (
        <Alert variant="warning" className="sm:col-span-2">
          <AlertDescription>{overBudget}</AlertDescription>
        </Alert>
      ) : null}
      {error ? (
        <Alert variant="destructive" className="sm:col-span-2">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
