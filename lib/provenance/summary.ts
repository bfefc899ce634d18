import { isNonCommercial, licenceLabel, NO_ASSERTION } from "@/lib/model/licences";
import { sourceKindLabel } from "@/lib/model/source-kinds";

// The sources and licences a set of seeds holds (an export, a release's seed sets): one line per distinct
// source, with how many seeds carry it. Pure and client-safe: exports, releases, the dataset card and the
// pages share it.

export type SourceLine = {
  sourceKind: string;
  licence: string;
  citation: string;
  citationUrl: string;
  adapted: boolean;
  seeds: number;
};

export type LicenceCount = { licence: string; seeds: number; nonCommercial: boolean };

export type SourcesSummary = {
  /** one line per distinct (kind, licence, citation, URL, adapted), most seeds first */
  sources: SourceLine[];
  /** seeds per licence, most first */
  licences: LicenceCount[];
  /** some seed carries a NonCommercial licence */
  nonCommercial: boolean;
  /** seeds whose licence nobody recorded */
  unrecorded: number;
  seeds: number;
};

const key = (s: Omit<SourceLine, "seeds">) =>
  JSON.stringify([s.sourceKind, s.licence, s.citation, s.citationUrl, s.adapted]);

const bySeedsThen =
  <T extends { seeds: number }>(label: (t: T) => string) =>
  (a: T, b: T) =>
    b.seeds - a.seeds || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0);

/** Folds lines (rows, or counts from several places) into one summary; deterministic order. */
export function summariseSources(lines: Iterable<SourceLine>): SourcesSummary {
  const merged = new Map<string, SourceLine>();
  for (const l of lines) {
    const k = key(l);
    const had = merged.get(k);
    if (had) had.seeds += l.seeds;
    else merged.set(k, { ...l });
  }
  const sources = [...merged.values()].sort(bySeedsThen<SourceLine>(key));
  const perLicence = new Map<string, number>();
  for (const s of sources) perLicence.set(s.licence, (perLicence.get(s.licence) ?? 0) + s.seeds);
  const licences = [...perLicence]
    .map(([licence, seeds]) => ({ licence, seeds, nonCommercial: isNonCommercial(licence) }))
    .sort(bySeedsThen((l) => l.licence));
  return {
    sources,
    licences,
    nonCommercial: licences.some((l) => l.nonCommercial),
    unrecorded: perLicence.get(NO_ASSERTION) ?? 0,
    seeds: sources.reduce((n, s) => n + s.seeds, 0),
  };
}

/** "Guideline · CC-BY-4.0 · NICE NG136 (adapted)": one source in words. */
export function sourceLineText(s: SourceLine): string {
  const cite = s.citation || s.citationUrl;
  return (
    [sourceKindLabel(s.sourceKind), licenceLabel(s.licence), ...(cite ? [cite] : [])].join(" · ") +
    (s.adapted ? " (adapted)" : "")
  );
}

/** A summary as plain lines, for the command line and the export's sources file. */
export function summaryLines(s: SourcesSummary): string[] {
  if (!s.seeds) return ["Sources: none"];
  return [
    `Licences: ${s.licences.map((l) => `${licenceLabel(l.licence)} (${l.seeds})`).join(", ")}`,
    ...(s.nonCommercial
      ? ["NON-COMMERCIAL: some seeds are under a NonCommercial licence; what is built from them is too."]
      : []),
    "Sources:",
    ...s.sources.map(
      (l) => `  ${l.seeds} × ${sourceLineText(l)}${l.citationUrl && l.citation ? ` <${l.citationUrl}>` : ""}`,
    ),
  ];
}
