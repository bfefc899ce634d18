"use client";

import type { ImportStatus } from "@/lib/seeds/import/types";

type Props = {
  value: ImportStatus;
  onChange: (status: ImportStatus) => void;
  canApprove: boolean;
  disabled?: boolean;
};

const OPTIONS: { value: ImportStatus; label: string; hint: string }[] = [
  { value: "DRAFT", label: "Draft", hint: "Tasks go through review like newly written ones." },
  {
    value: "APPROVED",
    label: "Approved",
    hint: "For a vetted seed set (such as AlpaCare's): every row needs topic, view, type and difficulty.",
  },
];

/** Draft for everyone; Approved is offered only to those allowed to use it (the server checks again). */
export function StatusChoice({ value, onChange, canApprove, disabled }: Props) {
  if (!canApprove) {
    return <p className="text-muted-foreground text-sm">Imported tasks start as drafts.</p>;
  }
  return (
    <fieldset className="grid gap-2" disabled={disabled}>
      <legend className="mb-1 font-medium text-sm">Import as</legend>
      {OPTIONS.map((o) => (
        <label key={o.value} className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="status"
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            className="mt-0.5"
          />
          <span>
            <span className="font-medium">{o.label}</span>
            <span className="block text-muted-foreground">{o.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
