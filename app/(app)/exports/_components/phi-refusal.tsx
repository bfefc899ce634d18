"use client";

import Link from "next/link";
import { type FormEvent, useId, useState } from "react";
import { FindingChip } from "@/components/phi/finding-chip";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { PhiUnresolvedDetail } from "@/lib/errors";
import { ROLE_LABELS } from "@/lib/model/roles";

/** "reviewers, ML engineers and admins": who holds a permission, from the one table. */
function whoMay(permission: Permission): string {
  const names = PERMISSIONS[permission].map((role) => {
    const label = ROLE_LABELS[role];
    const word = /^.[a-z]/.test(label) ? label[0]?.toLowerCase() + label.slice(1) : label;
    return `${word}s`;
  });
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}

type Props = {
  detail: PhiUnresolvedDetail;
  /** phi.accept: offers "Accept and export" (the server checks it again) */
  canAccept: boolean;
  /** exports again with `acceptPhi: reason` */
  onAccept: (reason: string) => void;
  pending: boolean;
  /** why the reason was refused (empty, too short) */
  reasonError?: string;
  /** why "Accept and export" was refused otherwise (a role without phi.accept, nothing left to export) */
  acceptError?: string;
};

/**
 * An export refused for possible patient identifiers nobody resolved: each seed linked to its page (where the
 * author replaces them and a reviewer marks them "not PHI"), with its findings; for whoever may, "Accept and
 * export" with a reason, the same audited acceptance as `medseed export --accept-phi`.
 */
export function PhiRefusal({ detail, canAccept, onAccept, pending, reasonError, acceptError }: Props) {
  const id = useId();
  const [reason, setReason] = useState("");
  const { total, seeds } = detail;
  const these = total === 1 ? "this seed task" : `these ${total} seed tasks`;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onAccept(reason);
  };
  return (
    <section aria-labelledby={`${id}-title`} className="grid gap-3">
      <Alert variant="destructive">
        {detail.changed ? (
          <p className="font-medium">
            Nothing was accepted: the findings open in this export changed since you looked (a seed was
            approved or edited meanwhile). Here is the list as it is now.
          </p>
        ) : null}
        <AlertTitle id={`${id}-title`} className="line-clamp-none">
          Not exported: {total === 1 ? "1 seed task holds" : `${total} seed tasks hold`} possible patient
          identifiers nobody resolved
        </AlertTitle>
        <AlertDescription>
          Nothing was written. Open each task below: its author can replace the identifiers with placeholders,
          or a reviewer can mark them "not PHI" with a reason.
        </AlertDescription>
      </Alert>
      <ul aria-label="Seed tasks with unresolved identifiers" className="grid gap-2 text-sm">
        {seeds.map((s) => (
          <li key={s.id} className="grid gap-1 rounded-md border p-2">
            <Link href={`/seeds/${s.id}`} className="font-medium underline">
              {s.instruction || "(no instruction)"}
            </Link>
            <ul aria-label="Findings" className="flex flex-wrap gap-x-4 gap-y-1">
              {s.findings.map((f) => (
                <li key={`${f.field}-${f.category}-${f.text}`} className="flex flex-wrap items-center gap-1">
                  <FindingChip category={f.category} text={f.text} field={f.field} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {total > seeds.length ? (
        <p className="text-muted-foreground text-sm">
          And {total - seeds.length} more seed {total - seeds.length === 1 ? "task" : "tasks"} (the first{" "}
          {seeds.length} are listed). Narrow the filter to see them.
        </p>
      ) : null}
      {canAccept ? (
        <form onSubmit={submit} className="grid gap-2 rounded-md border p-3 text-sm" noValidate>
          <h3 className="font-medium">Or accept them knowingly</h3>
          <p className="text-muted-foreground">
            If you have checked that none is a real patient's identifier (a fictional name in a teaching case,
            say), accept the identifiers left in {these}: they are recorded as accepted by you with your
            reason, in the audit log and on each task's page, and the export is created. Later exports do not
            ask about these identifiers again.
          </p>
          <Label htmlFor={`${id}-reason`}>Reason for accepting them</Label>
          <Textarea
            id={`${id}-reason`}
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-required
            aria-invalid={!!reasonError}
            aria-describedby={reasonError ? `${id}-reason-error` : undefined}
            rows={2}
          />
          <FieldError id={`${id}-reason-error`} message={reasonError} />
          {acceptError ? (
            <Alert variant="destructive">
              <AlertDescription>{acceptError}</AlertDescription>
            </Alert>
          ) : null}
          <Button type="submit" disabled={pending} className="justify-self-start">
            {pending ? "Exporting…" : "Accept and export"}
          </Button>
        </form>
      ) : (
        <p className="text-sm">
          Only {whoMay("phi.accept")} can accept possible identifiers for an export. Ask one of them, or have
          the tasks above resolved: the author can replace the identifiers with placeholders, and{" "}
          {whoMay("phi.resolve")} can mark them "not PHI".
        </p>
      )}
    </section>
  );
}
