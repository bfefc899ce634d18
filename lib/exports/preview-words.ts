// The words an export's preview adds about patient identifiers (the Exports form and `export --dry-run`):
// nothing when the export would screen nothing or find nothing open. `accepting` ends the sentence: how this
// caller has findings accepted knowingly.

export type PreviewPhi = { unscreened: number; withPhi: number | null };

export function previewPhiSentence(
  { unscreened, withPhi }: PreviewPhi,
  accepting: (them: "it" | "them") => string,
): string | null {
  if (withPhi === null)
    return `${unscreened} of them ${unscreened === 1 ? "was" : "were"} approved before PHI screening or imported as approved: the export screens them as it is made, and stops at any possible patient identifier nobody resolved.`;
  if (withPhi === 0) return null;
  const them = withPhi === 1 ? "it" : "them";
  return `${withPhi} of them ${withPhi === 1 ? "holds" : "hold"} a possible patient identifier nobody resolved: the export will stop and list ${them} until the author replaces ${them} with a placeholder, a reviewer marks ${them} "not PHI", or ${accepting(them)}.`;
}
