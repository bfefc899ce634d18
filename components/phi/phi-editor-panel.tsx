"use client";

import { useEffect, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PHI_CATEGORY_LABELS, type PhiFinding, phiPlaceholder } from "@/lib/phi/categories";
import type { ScreenedField } from "@/lib/phi/fields";
import { replaceAll, replaceSpan } from "@/lib/phi/replace";
import { HighlightedText } from "./highlighted-text";

/** A test item has no note: its editor leaves it out. */
type Texts = Record<Exclude<ScreenedField, "note">, string> & { note?: string };
type Screen = (text: string, field: string) => PhiFinding[];

const FIELD_LABELS: Record<ScreenedField, string> = {
  instruction: "Instruction",
  input: "Input",
  output: "Reference output",
  note: "Note",
};

// The detector runs here, in the browser: it takes a few milliseconds on a seed's text (npm run bench, "phi"
// part, measures the editor check), so a round trip to the server would only add latency, and what is being
// typed is screened before it is saved anywhere. It is loaded on first use (it weighs ~170 KB gzipped).
let loading: Promise<Screen> | null = null;
const loadScreen = () => {
  loading ??= import("@/lib/phi/detect").then((m) => m.detectPhi);
  return loading;
};

/**
 * The editor's PHI panel: possible patient identifiers in the fields being typed, highlighted with their
 * category, each replaced with its typed placeholder ([NAME], [DATE]...) in one click. `resolved` holds the
 * keys (field, category, text) a reviewer already marked "not PHI": they are shown apart.
 */
export function PhiEditorPanel({
  texts,
  onReplace,
  resolved = [],
}: {
  texts: Texts;
  onReplace: (field: ScreenedField, text: string) => void;
  resolved?: readonly string[];
}) {
  const [findings, setFindings] = useState<PhiFinding[] | null>(null);
  const { instruction, input, output, note = "" } = texts;

  useEffect(() => {
    let cancelled = false;
    // A short pause after typing so each keystroke does not screen again; the check itself is fast.
    const t = setTimeout(async () => {
      const screen = await loadScreen();
      if (cancelled) return;
      setFindings([
        ...screen(instruction, "instruction"),
        ...screen(input, "input"),
        ...screen(output, "output"),
        ...screen(note, "note"),
      ]);
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [instruction, input, output, note]);

  const key = (f: PhiFinding) => `${f.field}\u0000${f.category}\u0000${f.text}`;
  const open = (findings ?? []).filter((f) => !resolved.includes(key(f)));
  const current: Record<ScreenedField, string> = { instruction, input, output, note };
  const replace = (f: PhiFinding) => {
    const field = f.field as ScreenedField;
    try {
      onReplace(field, replaceSpan(current[field], f));
    } catch {
      // The text moved on since the last screen: the next screen (moments away) shows it as it is.
    }
  };
  const replaceEvery = () => {
    for (const field of Object.keys(FIELD_LABELS) as ScreenedField[]) {
      const mine = open.filter((f) => f.field === field);
      if (mine.length) onReplace(field, replaceAll(current[field], mine));
    }
  };

  return (
    <section aria-labelledby="phi-heading" aria-live="polite" className="grid gap-2">
      <h2 id="phi-heading" className="font-medium text-sm">
        Patient identifier screen
      </h2>
      {findings === null ? (
        <p className="text-muted-foreground text-sm">Screening…</p>
      ) : open.length === 0 ? (
        <p className="text-muted-foreground text-sm">
          Screened: no possible patient identifier found. No screen finds everything: write only what you
          would show to anyone.
        </p>
      ) : (
        <>
          <Alert variant="warning">
            <AlertDescription>
              {open.length === 1
                ? "1 possible patient identifier"
                : `${open.length} possible patient identifiers`}
              . Replace each with its placeholder, or leave it for a reviewer to mark "not PHI" (a task with
              open findings cannot be approved).
            </AlertDescription>
          </Alert>
          <div className="grid gap-2 text-sm">
            <div className="grid gap-2">
              {(Object.keys(FIELD_LABELS) as ScreenedField[])
                .filter((field) => open.some((f) => f.field === field))
                .map((field) => (
                  <div key={field} className="grid gap-1">
                    <span className="font-medium text-xs">{FIELD_LABELS[field]}</span>
                    <HighlightedText text={current[field]} findings={open.filter((f) => f.field === field)} />
                  </div>
                ))}
            </div>
          </div>
          <ul className="grid gap-2" aria-label="Possible patient identifiers">
            {open.map((f) => (
              <li
                key={`${f.field}-${f.start}`}
                className="grid gap-1 rounded-md border bg-background p-2 text-sm"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <Badge variant="warning" title={PHI_CATEGORY_LABELS[f.category]}>
                    {f.category}
                  </Badge>
                  <span className="text-muted-foreground text-xs">
                    {FIELD_LABELS[f.field as ScreenedField]}
                  </span>
                  <code className="break-all">{f.text}</code>
                </div>
                <Button
                  type="button"
                  size="sm"
                  variant="outline"
                  className="justify-self-start"
                  onClick={() => replace(f)}
                  aria-label={`Replace ${f.text} with ${phiPlaceholder(f.category)}`}
                >
                  Replace with {phiPlaceholder(f.category)}
                </Button>
              </li>
            ))}
          </ul>
          {open.length > 1 ? (
            <Button type="button" size="sm" variant="secondary" onClick={replaceEvery}>
              Replace all {open.length} with placeholders
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
