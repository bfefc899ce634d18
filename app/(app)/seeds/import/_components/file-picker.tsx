"use client";

import { FileUp } from "lucide-react";
import { type DragEvent, useId, useState } from "react";
import { buttonVariants } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { fileSizeProblem, IMPORT_ACCEPT, IMPORT_MAX_MB } from "@/lib/seeds/import/limits";
import { formatBytes } from "@/lib/utils/bytes";
import { cn } from "@/lib/utils/cn";

/** `chosen`: the file being previewed, named beside the button (the native input's "No file chosen" is hidden). */
type Props = {
  onFile: (file: File) => void;
  disabled?: boolean;
  chosen?: { name: string; size: number } | null;
};

/** A file input that also takes a dropped file; files over the limit are refused here, before any upload. */
export function FilePicker({ onFile, disabled, chosen }: Props) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  function take(file: File | undefined) {
    if (!file) return;
    const tooBig = fileSizeProblem(file.size);
    setProblem(tooBig);
    if (!tooBig) onFile(file);
  }
  function onDrop(event: DragEvent<HTMLFieldSetElement>) {
    event.preventDefault();
    setOver(false);
    if (!disabled) take(event.dataTransfer.files[0]);
  }

  return (
    // The drop area is a convenience for mouse users; the file input inside it is the accessible way in.
    <fieldset
      aria-labelledby={`${id}-label`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={cn(
        "grid justify-items-center gap-3 rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors",
        over ? "border-primary bg-accent" : "border-border",
      )}
    >
      <FileUp aria-hidden="true" className="size-8 text-muted-foreground" />
      <Label id={`${id}-label`} htmlFor={id}>
        Seed file
      </Label>
      <div className="flex flex-wrap items-center justify-center gap-3">
        {/* The native input stays (keyboard, screen readers, tests), visually replaced by the button beside it:
            it reads "No file chosen" once it is cleared for the next choice, which contradicted the preview. */}
        <input
          id={id}
          type="file"
          accept={IMPORT_ACCEPT}
          disabled={disabled}
          className="peer sr-only"
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-chosen ${id}-hint${problem ? ` ${id}-error` : ""}`}
          onChange={(e) => {
            take(e.currentTarget.files?.[0]);
            e.currentTarget.value = ""; // choosing the same file again re-checks it
          }}
        />
        <label
          htmlFor={id}
          aria-hidden="true"
          className={cn(
            buttonVariants({ variant: "outline" }),
            "cursor-pointer peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-2 peer-disabled:cursor-not-allowed peer-disabled:opacity-50",
          )}
        >
          {chosen ? "Choose another file" : "Choose a file"}
        </label>
        <span id={`${id}-chosen`} data-testid="chosen-file" aria-live="polite" className="text-sm">
          {chosen ? (
            <>
              <span className="font-medium break-all">{chosen.name}</span>{" "}
              <span className="text-muted-foreground">({formatBytes(chosen.size)})</span>
            </>
          ) : (
            <span className="text-muted-foreground">No file chosen yet</span>
          )}
        </span>
      </div>
      <p id={`${id}-hint`} className="text-muted-foreground text-sm">
        Choose a file or drop it here: a JSON array, JSON Lines or CSV with a header row, up to{" "}
        {IMPORT_MAX_MB} MB.
      </p>
      <FieldError id={`${id}-error`} message={problem} />
    </fieldset>
  );
}
