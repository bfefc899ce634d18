import type * as React from "react";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils/cn";

type Props = Omit<React.ComponentProps<typeof Textarea>, "onChange" | "value"> & {
  name: string;
  label: string;
  value: string;
  max: number;
  hint?: string;
  error?: string[];
  onValue: (value: string) => void;
};

/** A labelled textarea with a character count against its limit; hint and error linked for screen readers. */
export function LongTextField({ name, label, value, max, hint, error, onValue, className, ...props }: Props) {
  const id = `seed-${name}`;
  const over = value.length > max;
  const describedBy = [`${id}-count`, hint ? `${id}-hint` : null, error?.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="grid gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        <span
          id={`${id}-count`}
          className={cn(
            "text-xs tabular-nums",
            over ? "font-medium text-destructive" : "text-muted-foreground",
          )}
        >
          {value.length.toLocaleString("en-US")} / {max.toLocaleString("en-US")}
        </span>
      </div>
      <Textarea
        id={id}
        name={name}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={over || error?.length ? true : undefined}
        aria-describedby={describedBy}
        className={cn("font-mono text-sm", className)}
        {...props}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
      <FieldError
        id={`${id}-error`}
        message={over ? `Too long: at most ${max.toLocaleString("en-US")} characters` : error}
      />
    </div>
  );
}
