import { groupSpan, matches, RANK, type Span } from "./span";

// Ages over 89 (Safe Harbor groups them as 90+): "92-year-old", "aged 95", "age: 101", "95 y/o",
// "96 years of age", "ninety-two-year-old", "in her late 90s". Ages up to 89 are not identifiers.

const N = String.raw`(?:9\d|1[0-2]\d)`;
const TENS = "ninety|one hundred(?: and)?";
const UNITS = "one|two|three|four|five|six|seven|eight|nine";
const WORDS = `(?:(?:${TENS})(?:[- ](?:${UNITS}))?)`;
const AGE = new RegExp(
  [
    String.raw`(?<![\d.])(?<a>${N})\s*-?\s*(?:years?|yrs?|y)\.?\s*-?\s*(?:old|o\.?)\b`,
    String.raw`(?<![\d.])(?<b>${N})\s*(?:y\/o|yo|y\.o\.|yr\.?\s*old)(?![\w/])`,
    String.raw`(?<![\d.])(?<c>${N})\s+(?:years?|yrs?)\s+of\s+age\b`,
    String.raw`\b(?:aged?|age\s+of|age\s*:)\s*(?<d>${N})(?!\d|\.\d)(?!\s*(?:mg|%|kg|days?|weeks?|months?)\b)`,
    String.raw`\b(?<e>${WORDS})[- ](?:years?)[- ]old\b`,
    String.raw`\b(?:his|her|their)\s+(?:early\s+|mid[- ]?|late\s+)?(?<f>(?:90s|nineties))\b`,
    String.raw`\b(?<g>(?:nonagenarian|centenarian|supercentenarian))\b`,
  ].join("|"),
  "dgi",
);

export function findAges(text: string, out: Span[]): void {
  for (const m of matches(AGE, text)) {
    for (const g of ["a", "b", "c", "d", "e", "f", "g"]) {
      const at = groupSpan(m, g);
      if (!at) continue;
      // The whole phrase ("92-year-old") for numbers, so the placeholder reads "[AGE_OVER_89]".
      const whole = g === "d" || g === "f" ? at : [m.index, m.index + m[0].length];
      out.push({
        start: whole[0] as number,
        end: whole[1] as number,
        category: "AGE_OVER_89",
        rank: RANK.shape,
      });
      break;
    }
  }
}
