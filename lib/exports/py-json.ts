// JSON laid out as Python's json.dumps writes it (", " and ": " separators; indent 4 when asked), so files
// read like the originals the pipelines ship. Non-ASCII stays as UTF-8 (json.dumps(..., ensure_ascii=False)).
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export function pyJson(value: Json, indent = 0, level = 0): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const pad = indent ? `\n${" ".repeat(indent * (level + 1))}` : "";
  const close = indent ? `\n${" ".repeat(indent * level)}` : "";
  const sep = indent ? "," : ", ";
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[${value.map((v) => pad + pyJson(v, indent, level + 1)).join(sep)}${close}]`;
  }
  const entries = Object.entries(value);
  if (!entries.length) return "{}";
  return `{${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pyJson(v, indent, level + 1)}`).join(sep)}${close}}`;
}
