import type { PhiFinding } from "./categories";
import { findAges } from "./detectors/age";
import { findContacts } from "./detectors/contact";
import { findDates } from "./detectors/dates";
import { findIdentifiers } from "./detectors/identifiers";
import { findLocations } from "./detectors/location";
import { findNames } from "./detectors/names";
import type { Span } from "./detectors/span";

// The PHI screen: every identifier of the Safe Harbor kinds that text can carry, as far as patterns,
// checksums, cues and compromise's name tagging find them. Pure and client-safe (no Node APIs), but with
// compromise and linkifyjs it weighs about 420 KB minified (170 KB gzipped): a page should load it with
// import() when it first screens, or screen on the server. categories.ts and replace.ts (labels,
// placeholders) are small and can be imported anywhere.
// It screens; it cannot promise a text is free of identifiers (see README, "PHI screening").

const DETECTORS = [findIdentifiers, findContacts, findDates, findAges, findLocations, findNames];

/** Findings in one text, in order of position; overlapping candidates are resolved to one. */
export function detectPhi(text: string, field = "text"): PhiFinding[] {
  if (!text) return [];
  const spans: Span[] = [];
  for (const detect of DETECTORS) detect(text, spans);
  return resolve(spans).map((s) => ({
    field,
    start: s.start,
    end: s.end,
    category: s.category,
    text: text.slice(s.start, s.end),
  }));
}

/** Every string field of a record (its own keys, such as instruction, input, output), field by field. */
export function screenRecord(record: Readonly<Record<string, unknown>>): PhiFinding[] {
  const findings: PhiFinding[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === "string") findings.push(...detectPhi(value, field));
  }
  return findings;
}

/** Highest rank first, then the longest; a span overlapping one already kept is dropped. */
function resolve(spans: Span[]): Span[] {
  const ordered = spans
    .filter((s) => s.end > s.start)
    .sort((a, b) => b.rank - a.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Span[] = [];
  for (const s of ordered) {
    if (!kept.some((k) => k.start < s.end && s.start < k.end)) kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start);
}
