import { Fragment } from "react";
import { PHI_CATEGORY_LABELS, type PhiFinding } from "@/lib/phi/categories";

/** A text with its findings marked, each labelled with its category (for screen readers too). */
export function HighlightedText({ text, findings }: { text: string; findings: readonly PhiFinding[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    parts.push(<Fragment key={`t${at}`}>{text.slice(at, f.start)}</Fragment>);
    parts.push(
      <mark
        key={`m${f.start}`}
        title={PHI_CATEGORY_LABELS[f.category]}
        className="rounded-sm bg-warning/25 px-0.5 text-foreground"
      >
        {text.slice(f.start, f.end)}
        <sup className="ml-0.5 font-semibold text-[0.6rem] text-warning-foreground">{f.category}</sup>
      </mark>,
    );
    at = f.end;
  }
  parts.push(<Fragment key={`t${at}`}>{text.slice(at)}</Fragment>);
  return <span className="whitespace-pre-wrap break-words">{parts}</span>;
}
