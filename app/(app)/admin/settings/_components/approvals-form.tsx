"use client";

import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { setApprovalsRequiredAction } from "../actions";

const CHOICES = [1, 2, 3, 4, 5];

const choiceLabel = (n: number) =>
  n === 1 ? "1: one reviewer other than the author" : `${n}: ${n} different reviewers`;

export function ApprovalsForm({ current }: { current: number }) {
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(setApprovalsRequiredAction, (d) =>
    d.changed
      ? toast.success(`Approvals needed per revision: ${d.approvalsRequired}`)
      : toast.info("No change: that is already the setting"),
  );
  const error = fieldErrors?.approvals ?? (formError ? [formError] : undefined);
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="grid gap-1.5">
        <Label htmlFor="approvals">Approvals needed per revision</Label>
        <select
          id="approvals"
          name="approvals"
          defaultValue={String(current)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`approvals-hint${error ? " approvals-error" : ""}`}
          className="h-9 w-72 rounded-md border border-input bg-background px-2 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {CHOICES.map((n) => (
            <option key={n} value={n}>
              {choiceLabel(n)}
            </option>
          ))}
        </select>
        <p id="approvals-hint" className="max-w-prose text-muted-foreground text-xs">
          Authors never count towards their own tasks, and each reviewer counts once per revision.
        </p>
        <FieldError id="approvals-error" message={error} />
      </div>
      <Button type="submit" disabled={pending}>
        Save
      </Button>
    </form>
  );
}
