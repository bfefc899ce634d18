import { matches, RANK, type Span } from "./span";

// Every date element but the year: numeric (03/14/2021, 2021-03-14, 14.03.21, 3/14 after a date cue),
// written (March 14, 14th of March 2021, Mar. 14, March 2021, "in March"). Not a year alone, not
// durations ("for 3 days"), not fractions or ratios without a date cue ("3/4 of the dose", BP 120/80,
// "2/5 strength").

const FULL = "January|February|March|April|May|June|July|August|September|October|November|December";
const ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
// Lower-case month names too, except "may" and "march", which are common words.
const LOWER = "january|february|april|june|july|august|september|october|november|december";
const MONTH = `(?:${FULL}|${FULL.toUpperCase()}|${LOWER}|(?:${ABBR}|${ABBR.toUpperCase()})\\.?)(?![A-Za-z])`;
const DAY = "(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?";
const YEAR = "(?:1[89]\\d\\d|20\\d\\d|['’]\\d\\d)";
const WEEKDAY = "(?:(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\\.?,?\\s+)?";
// A number after a month that is a count, not a day ("In March 14 patients ...").
const NOT_COUNT =
  "(?!\\d|\\s*(?:%|mg|mcg|ml|mL|g|kg|mmol|units?|tablets?|days?|weeks?|months?|years?|times|hours?|patients?|people|cases)\\b)";

const WRITTEN = [
  // 14 March 2021, 14th of March, the 3rd of May, 14-Mar-2021
  new RegExp(
    `(?<![\\d.,/-])${WEEKDAY}(?:the\\s+)?${DAY}(?:\\s+of)?[\\s-]+${MONTH}(?:,?[\\s-]+${YEAR}(?![\\d]))?`,
    "g",
  ),
  // March 14, 2021; Mar. 14th; MAR 14 2021; Monday, March 14
  new RegExp(`${WEEKDAY}\\b${MONTH}\\s+${DAY}(?:,?\\s+${YEAR}(?!\\d))?${NOT_COUNT}(?!:\\d)`, "g"),
  // March 2021, March of 2021, Mar '21
  new RegExp(`\\b${MONTH},?\\s+(?:of\\s+)?${YEAR}(?!\\d)`, "g"),
];
// A month named alone, after a word that makes it a time ("admitted in March", "since early June").
const MONTH_ALONE = new RegExp(
  `\\b(?:in|on|since|during|by|until|till|through|from|early|late|mid|last|next|this|before|after)[\\s-]+(?:early\\s+|late\\s+|mid-?)?(${FULL})(?![A-Za-z])`,
  "dg",
);
const ISO =
  /(?<![\d./:-])(?:1[89]|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d|[./-]\d)(?:[T ]\d\d:\d\d(?::\d\d)?)?/g;
const DMY = /(?<![\d./:-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[./-]\d)/g;
const MONTH_YEAR = /(?<![\d./:-])(\d{1,2})([/-])((?:19|20)\d\d)(?!\d|[./-]\d)/g;
const MONTH_DAY = /(?<![\d./:-])(\d{1,2})\/(\d{1,2})(?!\d|[./-]\d)/g;
// What makes a bare "3/14" a date rather than a fraction or a score.
const DATE_CUE =
  /\b(?:on|dob|d\.o\.b\.?|born|date[ds]?|admitted|admission|discharged|discharge|seen|visit(?:ed)?|since|until|till|through|thru|last|next|surgery|onset|returned|presented|scheduled|appointment|appt|follow[- ]?up|f\/u|expired|died|death|deceased|delivered|edd|lmp|started|stopped|began|from)\b[^.\n\d]{0,12}$/i;
const FRACTION_AFTER =
  /^\s*(?:of|tab|tabs|tablets?|doses?|strength|cups?|inch|inches|in\.|mg|ml|units?|mmhg|power|scale|times|parts?)\b/i;
const RANGE_AFTER = /^\s*(?:-|–|to|through|thru|until)\s*(\d{1,2})\/(\d{1,2})(?!\d)/i;

const validDay = (d: number) => d >= 1 && d <= 31;
const validMonth = (m: number) => m >= 1 && m <= 12;

export function findDates(text: string, out: Span[]): void {
  const add = (start: number, end: number) => out.push({ start, end, category: "DATE", rank: RANK.shape });
  for (const re of WRITTEN) {
    for (const m of matches(re, text)) add(m.index, m.index + m[0].replace(/[\s,-]+$/, "").length);
  }
  for (const m of matches(MONTH_ALONE, text)) {
    const at = m.indices?.[1];
    if (at) add(at[0], at[1]);
  }
  for (const m of matches(ISO, text)) add(m.index, m.index + m[0].length);
  for (const m of matches(DMY, text)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = m[4] as string;
    if (year.length === 4 && !/^(?:1[89]|20)/.test(year)) continue;
    if ((validMonth(a) && validDay(b)) || (validDay(a) && validMonth(b))) add(m.index, m.index + m[0].length);
  }
  for (const m of matches(MONTH_YEAR, text)) {
    const month = m[1] as string;
    // "03/2021" is a month and year; "1/2000" may be a dilution unless a date cue says otherwise.
    if (!validMonth(Number(month))) continue;
    if (month.length === 2 || DATE_CUE.test(text.slice(Math.max(0, m.index - 40), m.index)))
      add(m.index, m.index + m[0].length);
  }
  for (const m of matches(MONTH_DAY, text)) {
    if (!validMonth(Number(m[1])) || !validDay(Number(m[2]))) continue;
    const end = m.index + m[0].length;
    const after = text.slice(end, end + 24);
    if (FRACTION_AFTER.test(after)) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const range = RANGE_AFTER.exec(after);
    const rangeIsDate = range && validMonth(Number(range[1])) && validDay(Number(range[2]));
    if (DATE_CUE.test(before) || (rangeIsDate && /\bbetween\s*$/i.test(before))) add(m.index, end);
  }
  // The second half of a range whose first half is a date ("3/14-3/18", "3/14 to 3/18").
  for (const m of matches(
    /(\d{1,2})\/(\d{1,2})\s*(?:-|–|to|through|thru|until)\s*(\d{1,2})\/(\d{1,2})(?!\d|[./]\d)/gi,
    text,
  )) {
    const first = out.some((s) => s.category === "DATE" && s.start === m.index);
    if (!first || !validMonth(Number(m[3])) || !validDay(Number(m[4]))) continue;
    const second = m[0].lastIndexOf(`${m[3]}/${m[4]}`);
    add(m.index + second, m.index + m[0].length);
  }
}
