// Reads the pairwise judge's answer. Asked for ONLY "Output (a)", "Output (b)" or "Tie", judges still add
// markdown, a full stop, an echo of the question or a sentence of explanation that names the other output
// too. The rules, in order, stop at the first that decides:
//   1. the whole answer is a verdict ("Output (a)", "**output (b).**", "(A)", "b", "Tie.");
//   2. the first line opens with a verdict followed by punctuation ("Output (a). It is more accurate...")
//      and/or the last line is one; when both are present they must agree;
//   3. a decision phrase names exactly one ("the better one is Output (b)", "Output (a) is more accurate");
//   4. exactly one of (a), (b), Tie is mentioned at all.
// Anything else (both named with no decision, "Output (c)", a refusal) is null: the job retries once, then
// records it as unparsed, and scoring leaves it out. A wrong guess would bias the win rate; a null does not.

export type Verdict = "a" | "b" | "tie";

// A verdict token: "Output (a)", "output(b)", "Output [a]", "Output A", "(a)"; or "Tie".
const TOKEN = String.raw`(?:\boutput\s*(?:\(\s*[ab]\s*\)|\[\s*[ab]\s*\]|[ab](?![a-z0-9]))|\(\s*[ab]\s*\)|\btie(?![a-z]))`;
const TOKEN_RE = new RegExp(TOKEN, "gi");
const WHOLE = /^(?:output\s*)?[([]?\s*([ab])\s*[)\]]?[.!]?$|^(tie)[.!]?$/i;
const LEADING = new RegExp(`^(${TOKEN})\\s*(?:[.,;:!]|\\s[-–—]\\s)`, "i");
const DECISIONS = [
  // "the answer is Output (a)", "my verdict: Tie", "the better output would be (b)", "I prefer Output (b)"
  new RegExp(
    `(?:answer|verdict|choice|decision|winner|preference|preferred (?:output|one)|(?:best|better) (?:output|one|answer|response)?)\\s*(?:is|would be|[:=])\\s*:?\\s*(${TOKEN})`,
    "gi",
  ),
  new RegExp(`\\bI\\s+(?:would\\s+)?(?:choose|prefer|pick|select|go with)\\s+(${TOKEN})`, "gi"),
  // "Output (a) is better", "Output (b) is the more accurate answer", "Output (a) wins"; "is more detailed"
  // or "is longer" describe, they do not decide.
  new RegExp(
    `(${TOKEN})\\s+(?:is\\s+(?:the\\s+)?(?:better|best|preferred|superior|safer|more\\s+(?:accurate|helpful|complete|correct|appropriate|relevant|precise|comprehensive|informative|thorough))|wins|is\\s+the\\s+winner)`,
    "gi",
  ),
];
// An echo of the closing question ("Which is best, Output (a), Output (b) or Tie?") names every option.
const QUESTION_ECHO = /^\s*(?:#+\s*)?which\s+is\s+(?:best|better)\b.*$/gim;

/** The judge's verdict, or null when the answer does not name one unambiguously. */
export function parseVerdict(text: string): Verdict | null {
  const lines = text
    .normalize("NFKC")
    .replace(QUESTION_ECHO, "")
    .replace(/[*_`#>]+/g, " ") // markdown emphasis, code, headings and quotes
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  if (!lines.length) return null;
  const all = lines.join(" ");

  const whole = WHOLE.exec(all);
  if (whole) return toVerdict(whole[1] ?? whole[2] ?? "");

  const first = lines[0] as string;
  const opening = WHOLE.exec(first)?.[0] ?? LEADING.exec(first)?.[1];
  const closing = lines.length > 1 ? WHOLE.exec(lines.at(-1) as string)?.[0] : undefined;
  const framed = unique([opening, closing].filter((x): x is string => x !== undefined));
  if (framed.length === 1) return framed[0] as Verdict;
  if (framed.length > 1) return null;

  const decided = unique(DECISIONS.flatMap((re) => [...all.matchAll(re)].map((m) => m[1] as string)));
  if (decided.length === 1) return decided[0] as Verdict;
  if (decided.length > 1) return null;

  const mentioned = unique([...all.matchAll(TOKEN_RE)].map((m) => m[0]));
  return mentioned.length === 1 ? (mentioned[0] as Verdict) : null;
}

/** "Output (A)", "(b)", "b", "TIE" -> a, b, tie. */
function toVerdict(token: string): Verdict | null {
  const t = token.toLowerCase();
  if (/^tie/.test(t)) return "tie";
  const letter = t.match(/[ab](?=[^a-z]*$)/)?.[0];
  return letter === "a" || letter === "b" ? letter : null;
}

// "Output A" is a verdict, but "the output a patient needs" is prose: an unbracketed letter counts only in
// upper case (a whole answer of "output a" is still read by rule 1).
const PROSE_LETTER = /^output\s*[ab]$/i;

function unique(tokens: string[]): Verdict[] {
  const out = new Set<Verdict>();
  for (const t of tokens) {
    if (PROSE_LETTER.test(t) && /[ab]$/.test(t)) continue;
    const v = toVerdict(t);
    if (v) out.add(v);
  }
  return [...out];
}
