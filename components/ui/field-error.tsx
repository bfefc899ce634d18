import type * as React from "react";

import { cn } from "@/lib/utils/cn";

export type FieldErrorProps = Omit<React.ComponentProps<"p">, "children"> & {
  id: string;
  message?: string | string[] | null;
};

/**
 * Inline form error. Point the field's `aria-describedby` at `id` and set
 * `aria-invalid` on the field when a message is present.
 */
export function FieldError({ id, message, className, ...props }: FieldErrorProps) {
  const text = Array.isArray(message) ? message.filter(Boolean).join(" ") : message;
  if (!text) return null;
  return (
    <p id={id} data-slot="field-error" className={cn("text-sm text-destructive", className)} {...props}>
      {text}
    </p>
  );
}
