import type { PhiCategory } from "../categories";
import { digitCount, groupSpan, luhnValid, matches, RANK, type Span } from "./span";

// Numbers and codes: by their cue ("MRN: 00482913", "member ID", "serial no.") and, where a shape or a
// checksum tells them apart without one, by shape: SSN (valid ranges), Medicare MBI, card numbers (Luhn),
// IBAN (mod 97), DEA numbers (checksum), VINs (check digit), GS1 UDIs, MAC addresses.

// After a cue: "no.", "number", "#", "is", ":" in any order, then the identifier itself: starts within four
// letters of a digit; groups joined by - . / or, between digit groups, single spaces.
const SEP = String.raw`\s*(?:(?:no|num|nbr|number|id|identifier|code)\b\.?\s*)?(?:\s*(?:is|was|of|=|:|#|-|–)\s*)*#?\s*`;
const ID = String.raw`(?<id>(?=[A-Z]{0,4}[-#]?\d)[A-Z0-9]+(?:[-./][A-Z0-9]+)*(?: \d+(?:[-.][A-Z0-9]+)*)*)`;
const cue = (words: string) => new RegExp(String.raw`(?<![\w-])(?:${words})(?![\w-])${SEP}${ID}`, "dgi");

type Cued = { re: RegExp; category: PhiCategory; minDigits: number; rank: number };
const CUED: Cued[] = [
  {
    category: "MRN",
    re: cue(
      String.raw`MRN|MR\s?#|MR\s?no|med(?:ical)?\.?\s+rec(?:ord)?s?|chart|hospital|patient\s+(?:id|identifier|no|number|#)|pt\.?\s*(?:id|#)|unit\s+(?:no|number)|UR\s*(?:no|number)`,
    ),
    minDigits: 4,
    rank: RANK.cue,
  },
  {
    category: "HEALTH_PLAN",
    re: cue(
      String.raw`(?:member|subscriber|beneficiary|insurance|insured|policy|policyholder|group|plan|coverage|payer|payor)\s+(?:id|identifier|no|number|num|#)|health\s+plan|medicaid|medicare|MBI|HICN|insurance|policy\s*#`,
    ),
    minDigits: 3,
    rank: RANK.cue,
  },
  {
    category: "ACCOUNT",
    re: cue(
      String.raw`(?:bank\s+|billing\s+|checking\s+|savings\s+)?(?:account|acct|a\/c)|(?:invoice|claim|billing|card|credit\s+card)\s+(?:no|number|num|#|id)`,
    ),
    minDigits: 4,
    rank: RANK.cue,
  },
  {
    category: "LICENSE",
    re: cue(
      String.raw`(?:driver'?s\s+|driving\s+|medical\s+|nursing\s+|state\s+|professional\s+)?licen[cs]e(?!\s+plate)|lic\.?|DL|CDL|certificate|cert\.?|registration|DEA|NPI|board\s+certification|permit`,
    ),
    minDigits: 3,
    rank: RANK.cue,
  },
  {
    category: "VEHICLE",
    re: cue(String.raw`VIN|vehicle\s+(?:id|identification(?:\s+number)?|no|number)`),
    minDigits: 3,
    rank: RANK.cue,
  },
  {
    category: "DEVICE",
    re: cue(
      String.raw`serial|S\/N|SN|device\s+(?:id|identifier|serial|no|number|#)|UDI|IMEI|MEID|implant\s+(?:id|serial)|pacemaker\s+serial`,
    ),
    minDigits: 2,
    rank: RANK.cue,
  },
  {
    category: "SSN",
    re: cue(String.raw`SSN|SS#|SS\s+no|social\s+security(?:\s+(?:no|number|#))?`),
    minDigits: 9,
    rank: RANK.cue,
  },
  {
    category: "OTHER_ID",
    re: cue(
      String.raw`ID|identifier|(?:study|subject|participant|specimen|sample|encounter|visit|employee|badge|order|requisition|reference|ref|confirmation|case|ticket)\s*(?:id|no|number|#)|(?:accession|passport)(?:\s*(?:no|number|#))?|#`,
    ),
    minDigits: 4,
    rank: RANK.container,
  },
];

const PLATE_CUE =
  /(?<![\w-])(?:licen[cs]e\s+plate|(?:number\s+)?plate|tag)\s*(?:no\.?|number|#)?\s*(?:is|:|#|-)?\s*(?<id>[A-Z0-9]{1,4}[- ]?[A-Z0-9]{1,5})(?![\w-])/dg;

const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/g;
// Medicare Beneficiary Identifier: 1EG4-TE5-MK73 (no S, L, O, I, B, Z in the letter places).
const MBI =
  /\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}\b/g;
// Not the digits after a decimal point ("case 0.4044501259943998": a random fraction passes Luhn one time in ten).
const CARD = /(?<![\d-])(?<!\d[.,])(?:[3-6]\d{3}(?:[- ]?\d{4}){3}|3[47]\d{2}[- ]?\d{6}[- ]?\d{5})(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const DEA = /\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b/g;
const VIN = /\b[A-HJ-NPR-Z\d]{17}\b/g;
const UDI = /\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z\d-]{1,20})*/g;
const MAC = /(?<![\w:-])[\dA-Fa-f]{2}([:-])[\dA-Fa-f]{2}(?:\1[\dA-Fa-f]{2}){4}(?![\w:-])/g;

export function findIdentifiers(text: string, out: Span[]): void {
  if (!/\d/.test(text)) return;
  for (const { re, category, minDigits, rank } of CUED) {
    for (const m of matches(re, text)) {
      const at = groupSpan(m, "id");
      if (!at) continue;
      let [start, end] = at;
      while (end > start && /[.\-/]/.test(text[end - 1] as string)) end--;
      const id = text.slice(start, end);
      if (digitCount(id) < minDigits || id.length < 4) continue;
      // "ID 4" or "chart 2019" is not an identifier; a year after a cue word is a year.
      if (/^(?:19|20)\d\d$/.test(id)) continue;
      out.push({ start, end, category, rank });
    }
  }
  for (const m of matches(PLATE_CUE, text)) {
    const at = groupSpan(m, "id");
    if (at && /\d/.test(m.groups?.id ?? ""))
      out.push({ start: at[0], end: at[1], category: "VEHICLE", rank: RANK.cue });
  }
  const shape = (m: RegExpExecArray, category: PhiCategory) =>
    out.push({ start: m.index, end: m.index + m[0].length, category, rank: RANK.shape });
  for (const m of matches(SSN, text)) shape(m, "SSN");
  for (const m of matches(MBI, text)) shape(m, "HEALTH_PLAN");
  for (const m of matches(CARD, text)) if (luhnValid(m[0])) shape(m, "ACCOUNT");
  for (const m of matches(IBAN, text)) if (ibanValid(m[0])) shape(m, "ACCOUNT");
  for (const m of matches(DEA, text)) if (deaValid(m[0])) shape(m, "LICENSE");
  for (const m of matches(VIN, text)) if (vinValid(m[0])) shape(m, "VEHICLE");
  for (const m of matches(UDI, text)) shape(m, "DEVICE");
  for (const m of matches(MAC, text)) shape(m, "DEVICE");
}

function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, "");
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** DEA registration number: (d1 + d3 + d5) + 2 × (d2 + d4 + d6) ends in d7. */
function deaValid(s: string): boolean {
  const d = s.slice(2).split("").map(Number);
  const sum = (d[0] ?? 0) + (d[2] ?? 0) + (d[4] ?? 0) + 2 * ((d[1] ?? 0) + (d[3] ?? 0) + (d[5] ?? 0));
  return sum % 10 === d[6];
}

const VIN_VALUES: Record<string, number> = Object.fromEntries(
  [..."ABCDEFGHJKLMNPRSTUVWXYZ"].map((c, i) => [
    c,
    [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i] as number,
  ]),
);
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** North American VIN check digit (position 9); needs letters and digits both. */
export function vinValid(vin: string): boolean {
  if (!/[A-Z]/.test(vin) || digitCount(vin) < 3) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i] as string;
    const v = /\d/.test(c) ? Number(c) : (VIN_VALUES[c] ?? 0);
    sum += v * (VIN_WEIGHTS[i] as number);
  }
  const check = sum % 11;
  return vin[8] === (check === 10 ? "X" : String(check));
}
