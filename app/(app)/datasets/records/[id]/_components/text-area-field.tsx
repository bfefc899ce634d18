import type * as React from "react";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

type Props = React.ComponentProps<typeof Textarea> & { name: string; label: string; error?: string[] | null };

/** A labelled textarea whose error is linked to it with aria-describedby. */
export function TextAreaField({ name, label, error, id, ...props }: Props) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={fieldId}>{label}</Label>
      <Textarea
        id={fieldId}
        name={name}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={error?.length ? `${fieldId}-error` : undefined}
        {...props}
      />
      <FieldError id={`${fieldId}-error`} message={error} />
    </div>
  );
}
