"use client";

import type * as React from "react";
import { useRef, useState } from "react";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils/cn";
import { lengthLevel } from "./length-level";

type Props = Omit<React.ComponentProps<typeof Textarea>, "onChange" | "value"> & {
  name: string;
  label: string;
  value: string;
  max: number;
  hint?: string;
  error?: string[];
  onValue: (value: string) => void;
};

const fmt = (n: number) => n.toLocaleString("en-US");
const SAID = {
  ok: "",
  near: "Close to the limit",
  full: "Limit reached",
  over: "Too long",
} as const;

/**
 * A labelled textarea capped at its limit (a huge paste is cut there by the browser, at once, and the field
 * says how much of the paste was left out), with a character count that warns before the limit; hint and
 * error linked for screen readers.
 */
export function LongTextField({ name, label, value, max, hint, error, onValue, className, ...props }: Props) {
  const id = `seed-${name}`;
  // Characters of the last paste the limit left out; shown until the next edit that is not that paste.
  const [cut, setCut] = useState(0);
  const pasting = useRef(false);
  const onPaste = (e: React.ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = e.clipboardData.getData("text/plain").length;
    const t = e.currentTarget;
    const room = max - (t.value.length - (t.selectionEnd - t.selectionStart));
    // The paste's own change follows in the same task; a paste that changed nothing must not outlive it.
    pasting.current = true;
    setTimeout(() => {
      pasting.current = false;
    }, 0);
    setCut(Math.max(0, pasted - Math.max(0, room)));
  };
  const level = lengthLevel(value.length, max);
  const over = level === "over";
  const describedBy = [`${id}-count`, hint ? `${id}-hint` : null, error?.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="grid gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        <span
          id={`${id}-count`}
          data-level={level}
          className={cn(
            "text-xs tabular-nums",
            level === "ok" && "text-muted-foreground",
            (level === "near" || level === "full") && "font-medium text-warning-foreground",
            over && "font-medium text-destructive",
          )}
        >
          {fmt(value.length)} / {fmt(max)}
          {level === "near"
            ? ` · ${fmt(max - value.length)} left`
            : level === "full"
              ? " · limit reached"
              : ""}
        </span>
      </div>
      {/* Announced when the level changes, not at every keystroke. */}
      <span className="sr-only" aria-live="polite">
        {level === "ok" ? "" : `${label}: ${SAID[level]} of ${fmt(max)} characters`}
      </span>
      <Textarea
        id={id}
        name={name}
        value={value}
        maxLength={max}
        onChange={(e) => {
          if (pasting.current) pasting.current = false;
          else if (cut) setCut(0);
          onValue(e.target.value);
        }}
        onPaste={onPaste}
        aria-invalid={over || error?.length ? true : undefined}
        aria-describedby={describedBy}
        className={cn("font-mono text-sm", className)}
        {...props}
      />
      {cut > 0 ? (
        <p id={`${id}-cut`} role="status" className="font-medium text-warning-foreground text-xs">
          Your paste was cut at the limit: its last {fmt(cut)} characters were left out. Check the end of the
          text, and shorten or split it.
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
      <FieldError
        id={`${id}-error`}
        message={over ? `Too long: at most ${fmt(max)} characters; shorten it to save` : error}
      />
    </div>
  );
}
