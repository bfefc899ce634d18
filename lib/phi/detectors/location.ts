import { matches, RANK, type Span } from "./span";

// Street addresses (1234 Elm Street, 77 W. 5th Ave., Apt 5B, P.O. Box 12), "City, ST 12345", and ZIP codes
// where something says they are ZIP codes (a state before them, or "ZIP"): a bare five-digit number is
// as likely a lab value. A city alone ("lives in Boston") is not flagged.

const STATES =
  "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI";
const STATE_NAMES =
  "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico";
const STATE = `(?:${STATES}|${STATE_NAMES})`;
const ZIP = String.raw`\d{5}(?:-\d{4})?`;
const SUFFIX =
  "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl|Row|Alley|Crescent|Cres|Close|Route|Rte|Pike|Plaza|Loop|Turnpike|Expressway|Run|Path|Walk|Mews";
const WORD = String.raw`(?:[A-Z][A-Za-z'’.-]*|\d{1,3}(?:st|nd|rd|th))`;
const UNIT = String.raw`(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Floor|Fl|Room|Rm|Bldg|Building|#)\.?\s*#?\s*[A-Z0-9-]{1,6}\b)`;
const CITY = String.raw`[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){0,3}`;

// 1234 Elm Street; 77 W. 5th Ave., Apt 5B, Springfield, IL 62704
const STREET = new RegExp(
  String.raw`(?<![\w.,/-])\d{1,6}[A-Z]?\s+(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?\s+)?(?:${WORD}\s+){1,4}(?:${SUFFIX})\b\.?(?:\s+(?:[NSEW]|NE|NW|SE|SW)\b)?${UNIT}?(?:,\s*${CITY},?\s+${STATE}\b(?:,?\s+${ZIP})?)?(?![\w-])`,
  "g",
);
const PO_BOX = /\bP\.?\s?O\.?\s+Box\s+\d{1,6}\b|\bPost\s+Office\s+Box\s+\d{1,6}\b/gi;
const UNIT_ALONE = /\b(?:Apt|Apartment|Suite|Ste)\.?\s*#?\s*\d{1,5}[A-Z]?\b/g;
// Springfield, IL 62704 / Austin, Texas 78701
const CITY_STATE_ZIP = new RegExp(String.raw`\b${CITY},?\s+${STATE},?\s+${ZIP}(?![\d-])`, "g");
// A ZIP code named as one, or after a state.
// Two regexes: the cue words in any case, the state codes only in capitals ("in 23000 patients" is not
// Indiana).
const ZIP_AFTER_CUE = new RegExp(
  String.raw`\b(?:zip|zip\s*code|zipcode|postal\s+code|post\s*code)\s*(?:is|:|#|-)?\s*(${ZIP})(?![\d-])`,
  "dgi",
);
const ZIP_AFTER_STATE = new RegExp(String.raw`\b${STATE},?\s+(${ZIP})(?![\d-])`, "dg");

export function findLocations(text: string, out: Span[]): void {
  const add = (start: number, end: number) =>
    out.push({ start, end, category: "LOCATION", rank: RANK.shape });
  if (/\d/.test(text)) {
    for (const m of matches(STREET, text)) add(m.index, m.index + m[0].replace(/[.,\s]+$/, "").length);
    for (const m of matches(PO_BOX, text)) add(m.index, m.index + m[0].length);
    for (const m of matches(UNIT_ALONE, text)) add(m.index, m.index + m[0].length);
    for (const m of matches(CITY_STATE_ZIP, text)) add(m.index, m.index + m[0].length);
    for (const re of [ZIP_AFTER_CUE, ZIP_AFTER_STATE]) {
      for (const m of matches(re, text)) {
        const at = m.indices?.[1];
        if (at) add(at[0], at[1]);
      }
    }
  }
}
