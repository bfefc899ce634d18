import { RATING_SCALE } from "./rubric";

// Reads the rater's score from its answer. Asked for "Score: X" on the first line, raters also write "4/5",
// "**4**", "Rating: 4 out of 5", "I would rate this response a 4", a score after a paragraph, or several
// sub-scores with an overall one. The rules, in order, stop at the first that finds a score:
//   1. an overall or final score anywhere ("Overall score: 4", "Final rating: 2"; the last one, as a
//      rater that revises itself ends with the revision);
//   2. the first line holds only a score ("Score: 4", "4.5", "**Rating:** 4/5", "Four");
//   3. labelled scores ("Score: 4", "Rating = 3.5"), when they all agree;
//   4. fractions of 5 ("4/5", "4 out of 5"), when they all agree;
//   5. a number alone in bold ("**4**"), when they all agree;
//   6. a phrase ("I would rate it a 4", "deserves a 3"), when they all agree;
//   7. a first line opening with a number and a dash or colon ("4 - accurate and complete").
// Refused, with the reason kept: a range ("4-5"), another scale ("8/10"), a value outside 1..5, scores that
// disagree. Values between half points (4.2) are kept as written: thresholds compare, nothing rounds.

export type ParsedScore = {
  /** null when no single score on the scale could be read */
  score: number | null;
  /** the explanation: after a "Rationale:"/"Explanation:" label, else the answer without its score line */
  rationale: string;
  /** the answer as received */
  raw: string;
  /** why score is null; null when a score was read */
  problem: string | null;
};

const WORDS: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5 };
const NUM = String.raw`(?<num>\d+(?:\.\d+)?|\b(?:zero|one|two|three|four|five)(?:\s+and\s+a\s+half)?\b)`;
// What may follow a number: a denominator ("/5", "out of 10"), or a second number making a range ("4-5").
const TAIL = String.raw`(?<den>\s*(?:/|out\s+of)\s*(?:\d+|five|ten)\b)?(?<range>\s*(?:-|–|—|to)\s*\d)?`;
const SCORE = NUM + TAIL;
const LABEL = "(?:score|rating|grade|rate)";

const FIRST_LINE = new RegExp(
  String.raw`^(?:(?:overall|final|total)\s+)?(?:${LABEL}\s*(?:[:=]|is)?\s*)?${SCORE}\s*[.!]?$`,
  "i",
);
// "Overall score: 4", "final rating of 4.5", "Overall: 4" (after sub-scores), but not "a total of 3 doses".
const OVERALL = new RegExp(
  String.raw`\b(?:overall|final|total)(?:\s+${LABEL}\s*(?:[:=]|is|of)?|\s*(?:[:=]|is))\s*(?:a\s+)?${SCORE}`,
  "gi",
);
const LABELLED = new RegExp(String.raw`\b${LABEL}\s*(?:[:=]|is)\s*${SCORE}`, "gi");
const FRACTION = new RegExp(String.raw`(?<![\d.])${NUM}\s*(?:/|out\s+of)\s*(?:5|five)\b(?!\s*\d)`, "gi");
const PHRASE = new RegExp(
  String.raw`(?<!(?:\bnot|\bnever|n't)\s+)\b(?:rate[ds]?|give|gives|giving|assign|award|deserves?|merits?|earns?|gets?|receives?|scores?|scored)\s+(?:(?:it|this|that|the)\s+(?:response\s+|answer\s+)?)?(?:(?:a|an)\s+)?(?:score\s+of\s+|rating\s+of\s+)?${SCORE}`,
  "gi",
);
const OPENING = new RegExp(String.raw`^${NUM}\s*(?:[-–—:])\s+\S`, "i");
// "Rationale:", "**Explanation:**", "_Reasoning_:" at the start of a line.
const RATIONALE_LABEL =
  /^\s*[*_]*\s*(?:rationale|explanation|reason(?:ing)?|justification|comments?)\s*[*_]*\s*:\s*[*_]*\s*/im;

type Found = { value: number; denominator: number | null; range: boolean };

export function parseScore(raw: string): ParsedScore {
  const fail = (problem: string): ParsedScore => ({
    score: null,
    rationale: rationaleOf(raw, null),
    raw,
    problem,
  });
  const prepared = raw
    .replace(/(\d)\s*½/g, "$1.5")
    .replace(/½/g, "0.5")
    .normalize("NFKC");
  const boldNumbers = [...prepared.matchAll(new RegExp(String.raw`\*\*\s*${SCORE}\s*\*\*`, "gi"))];
  const lines = prepared
    .replace(/[*_`#>]+/g, " ")
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  if (!lines.length) return fail("The answer is empty.");
  const text = lines.join("\n");

  const overall = [...text.matchAll(OVERALL)].map(found);
  if (overall.length) return decide([overall.at(-1) as Found], raw, null);

  const first = FIRST_LINE.exec(lines[0] as string);
  if (first) return decide([found(first)], raw, 0);

  for (const re of [LABELLED, FRACTION]) {
    const all = [...text.matchAll(re)].map(found);
    if (all.length) return decide(all, raw, null);
  }
  if (boldNumbers.length) return decide(boldNumbers.map(found), raw, null);
  const phrases = [...text.matchAll(PHRASE)].map(found);
  if (phrases.length) return decide(phrases, raw, null);
  const opening = OPENING.exec(lines[0] as string);
  if (opening) return decide([found(opening)], raw, null);
  return fail("No score found in the answer.");
}

function found(m: RegExpMatchArray | RegExpExecArray): Found {
  const g = m.groups ?? {};
  const den = g.den?.match(/\d+|five|ten/i)?.[0]?.toLowerCase();
  return {
    value: toNumber(g.num as string),
    denominator: den === undefined ? null : den === "five" ? 5 : den === "ten" ? 10 : Number(den),
    range: g.range !== undefined,
  };
}

function toNumber(text: string): number {
  const t = text.toLowerCase().replace(/\s+/g, " ");
  const word = t.match(/^(zero|one|two|three|four|five)( and a half)?$/);
  if (word) return (WORDS[word[1] as string] as number) + (word[2] ? 0.5 : 0);
  return Number(t);
}

/** One score from the matches of one rule, or the reason there is none. `scoreLine`: the line it came from. */
function decide(all: Found[], raw: string, scoreLine: number | null): ParsedScore {
  const rationale = rationaleOf(raw, scoreLine);
  const refuse = (problem: string): ParsedScore => ({ score: null, rationale, raw, problem });
  if (all.some((f) => f.range)) return refuse("The answer gives a range, not one score.");
  const other = all.find((f) => f.denominator !== null && f.denominator !== RATING_SCALE.max);
  if (other) return refuse(`The answer scores out of ${other.denominator}, not on the 1 to 5 scale.`);
  const values = [...new Set(all.map((f) => f.value))];
  if (values.length > 1) return refuse(`The answer gives different scores: ${values.join(", ")}.`);
  const value = values[0] as number;
  if (!(value >= RATING_SCALE.min && value <= RATING_SCALE.max)) {
    return refuse(`The score ${value} is outside the scale (${RATING_SCALE.min} to ${RATING_SCALE.max}).`);
  }
  return { score: value, rationale, raw, problem: null };
}

/** The explanation: what follows a "Rationale:" label, else the answer without the score's own line. */
function rationaleOf(raw: string, scoreLine: number | null): string {
  const label = RATIONALE_LABEL.exec(raw);
  if (label) return raw.slice(label.index + label[0].length).trim();
  if (scoreLine === null) return raw.trim();
  const lines = raw.split(/\r?\n/);
  // Counted as parseScore counts them: a line of markdown alone ("**") is no line.
  const nonEmpty = lines.map((l, i) => [l, i] as const).filter(([l]) => l.replace(/[*_`#>]+/g, "").trim());
  const drop = nonEmpty[scoreLine]?.[1];
  return lines
    .filter((_, i) => i !== drop)
    .join("\n")
    .trim();
}
