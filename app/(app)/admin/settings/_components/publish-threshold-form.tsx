"use client";

import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { setPublishMinAcceptableAction } from "../actions";

export function PublishThresholdForm({ currentPercent }: { currentPercent: number }) {
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(setPublishMinAcceptableAction, (d) =>
    d.changed
      ? toast.success(`Publishing below ${d.minAcceptablePercent}% acceptable now asks for a reason`)
      : toast.info("No change: that is already the setting"),
  );
  const error = fieldErrors?.minAcceptablePercent ?? (formError ? [formError] : undefined);
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="w-72">
        <TextField
          name="minAcceptablePercent"
          id="minAcceptablePercent"
          label="Minimum share acceptable to publish (%)"
          type="number"
          min={0}
          max={100}
          step={1}
          defaultValue={String(currentPercent)}
          hint="0 turns the share check off; records graded unsafe still ask for a reason."
          error={error}
        />
      </div>
      <Button type="submit" disabled={pending}>
        Save threshold
      </Button>
    </form>
  );
}
