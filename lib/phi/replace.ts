import { type PhiFinding, phiPlaceholder } from "./categories";

export class StaleFindingError extends Error {
  constructor(finding: Pick<PhiFinding, "start" | "end" | "text">) {
    super(
      `The text changed since it was screened: "${finding.text}" is no longer at ${finding.start}-${finding.end}. Screen it again.`,
    );
    this.name = "StaleFindingError";
  }
}

/**
 * The text with one finding replaced by its typed placeholder ("[NAME]", "[DATE]", ...). Refuses a
 * finding whose text is no longer at its place (the text was edited after screening).
 */
export function replaceSpan(
  text: string,
  finding: Pick<PhiFinding, "start" | "end" | "category" | "text">,
): string {
  if (text.slice(finding.start, finding.end) !== finding.text) throw new StaleFindingError(finding);
  return text.slice(0, finding.start) + phiPlaceholder(finding.category) + text.slice(finding.end);
}

/** The text with every finding replaced, from the last to the first so earlier offsets stay right. */
export function replaceAll(
  text: string,
  findings: readonly Pick<PhiFinding, "start" | "end" | "category" | "text">[],
): string {
  const ordered = [...findings].sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const f of ordered) {
    if (f.end > limit)
      throw new Error(`Findings overlap at ${f.start}-${f.end}; replace them one at a time.`);
    out = replaceSpan(out, f);
    limit = f.start;
  }
  return out;
}
