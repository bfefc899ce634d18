"use client";

import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import type { VocabularyKindName as VocabularyKind } from "@/lib/validation/vocabulary";
import { addTermAction } from "../actions";

export function AddTermForm({ kind, label }: { kind: VocabularyKind; label: string }) {
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(addTermAction, () =>
    toast.success("Added"),
  );
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="kind" value={kind} />
      <div className="w-72">
        <TextField
          name="value"
          label={`Add to ${label.toLowerCase()}`}
          error={fieldErrors?.value ?? (formError ? [formError] : undefined)}
        />
      </div>
      <Button type="submit" disabled={pending} className="mb-[1px]">
        Add
      </Button>
    </form>
  );
}
