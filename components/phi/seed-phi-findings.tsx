"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { markNotPhiAction } from "@/lib/phi/actions";
import { PHI_CATEGORY_LABELS, type PhiFinding } from "@/lib/phi/categories";
import { SCREENED_FIELDS, type ScreenedField } from "@/lib/phi/fields";
import { HighlightedText } from "./highlighted-text";

export type ResolvedRow = {
  field: string;
  category: string;
  text: string;
  decision: "NOT_PHI" | "ACCEPTED";
  reason: string;
  by: string;
  at: string;
};

type Props = {
  targetId: string;
  /** a seed task (default) or a test item being written (TestItemDraft) */
  targetType?: "seed" | "testdraft";
  /** a test item has no note */
  texts: Record<Exclude<ScreenedField, "note">, string> & { note?: string };
  open: PhiFinding[];
  resolved: ResolvedRow[];
  /** reviewers and admins (phi.resolve); the server checks it again */
  canResolve: boolean;
  /** an approved task with open findings (imported as approved, or approved before screening existed) */
  approved?: boolean;
};

/**
 * The findings of the PHI screen on a task, for the reviewer: the spans highlighted in the text, each open one
 * with "Not PHI…" (a reason is required; audited), and the resolutions made so far with who made them.
 */
export function SeedPhiFindings({
  targetId,
  targetType = "seed",
  texts,
  open,
  resolved,
  canResolve,
  approved = false,
}: Props) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Patient identifier screen</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {open.length === 0 ? (
          <p className="text-muted-foreground">
            Screened: no open finding. No screen finds everything; read the text with that in mind.
          </p>
        ) : (
          <>
            {approved ? (
              <p>
                {open.length === 1 ? "1 open finding" : `${open.length} open findings`}: this task is approved
                (imported as approved, or approved before the screen existed), but an export holding it is
                refused until each is replaced by the author, marked "not PHI" with a reason, or accepted
                knowingly when exporting.
              </p>
            ) : (
              <p>
                {open.length === 1 ? "1 open finding" : `${open.length} open findings`}: this{" "}
                {targetType === "testdraft" ? "test item" : "task"} cannot be approved until each is replaced
                by the author or marked "not PHI" with a reason.
              </p>
            )}
            {SCREENED_FIELDS.filter((field) => open.some((f) => f.field === field)).map((field) => (
              <div key={field} className="grid gap-1 rounded-md border bg-muted/30 p-2 font-mono">
                <span className="font-sans font-medium text-muted-foreground text-xs uppercase">{field}</span>
                <HighlightedText text={texts[field] ?? ""} findings={open.filter((f) => f.field === field)} />
              </div>
            ))}
            <ul className="grid gap-2" aria-label="Open findings">
              {open.map((f) => (
                <OpenFinding
                  key={`${f.field}-${f.start}`}
                  targetType={targetType}
                  targetId={targetId}
                  finding={f}
                  canResolve={canResolve}
                />
              ))}
            </ul>
          </>
        )}
        {resolved.length ? (
          <section aria-label="Resolved findings" className="grid gap-1">
            <h3 className="font-medium text-xs uppercase text-muted-foreground">Resolved</h3>
            <ul className="grid gap-1">
              {resolved.map((r) => (
                <li key={`${r.field}-${r.category}-${r.text}`}>
                  <Badge variant="secondary">{r.category}</Badge> <code>{r.text}</code> in {r.field}:{" "}
                  {r.decision === "NOT_PHI" ? "not PHI" : "accepted"} ({r.reason}), {r.by},{" "}
                  {new Date(r.at).toLocaleString()}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** One open finding with "Not PHI…" (a reason required); also used on a job paused by the PHI gate. */
export function OpenFinding({
  targetType,
  targetId,
  finding,
  canResolve,
}: {
  targetType: "seed" | "generated" | "testdraft";
  targetId: string;
  finding: Pick<PhiFinding, "field" | "category" | "text"> & { start?: number };
  canResolve: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();
  const submit = () =>
    start(async () => {
      const r = await markNotPhiAction({
        targetType,
        targetId,
        field: finding.field as ScreenedField,
        category: finding.category,
        text: finding.text,
        reason,
      }).catch(() => null);
      if (!r) return setError("MedSeed cannot be reached. Try again.");
      if (!r.ok) return setError(r.fieldErrors?.reason?.[0] ?? r.message);
      toast.success(`Marked not PHI: ${finding.text}`);
      setAsking(false);
      router.refresh();
    });
  return (
    <li className="grid gap-2 rounded-md border p-2">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant="warning" title={PHI_CATEGORY_LABELS[finding.category]}>
          {finding.category}
        </Badge>
        <code className="break-all">{finding.text}</code>
        <span className="text-muted-foreground text-xs">in {finding.field}</span>
        {canResolve && !asking ? (
          <Button size="sm" variant="outline" onClick={() => setAsking(true)}>
            Not PHI…
          </Button>
        ) : null}
      </div>
      {asking ? (
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Label htmlFor={`${id}-reason`}>Why is "{finding.text}" not a patient identifier?</Label>
          <Textarea
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={error ? `${id}-error` : undefined}
            aria-invalid={!!error}
            rows={2}
            autoFocus
          />
          <FieldError id={`${id}-error`} message={error} />
          <div className="flex gap-2">
            <Button size="sm" type="submit" disabled={pending}>
              Mark not PHI
            </Button>
            <Button size="sm" type="button" variant="ghost" onClick={() => setAsking(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
