// CSV cells, for every CSV MedSeed writes (seed exports, release files) and the CSV importer.
//
// OWASP "CSV injection": a spreadsheet opening the file runs a cell that starts with =, +, - or @ (or a tab
// or line break before one) as a formula, which can fetch URLs or run commands. Such a cell is written
// with a single quote in front, which spreadsheets show as text; the file stays RFC 4180. A cell that
// already starts with quotes before one of those characters gets one more, so the importer can take
// exactly one off again (unneutraliseCsvCell) and an export imports as the text it was made from.
// JSON and JSONL files keep the text exactly as stored.

const FORMULA_START = /^'*[=+\-@\t\r\n]/;
const NEUTRALISED = /^''*[=+\-@\t\r\n]/;

export const neutraliseCsvCell = (v: string): string => (FORMULA_START.test(v) ? `'${v}` : v);

export const unneutraliseCsvCell = (v: string): string => (NEUTRALISED.test(v) ? v.slice(1) : v);

/** RFC 4180: a field is quoted only when it holds a quote, comma or line break; quotes inside are doubled. */
export function csvField(value: string): string {
  const v = neutraliseCsvCell(value);
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
