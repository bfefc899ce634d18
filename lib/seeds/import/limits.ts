// Client-safe: the browser checks the size before uploading, the server and the CLI before parsing.

export const IMPORT_MAX_MB = 50;
export const IMPORT_MAX_BYTES = IMPORT_MAX_MB * 1024 * 1024;
export const IMPORT_ACCEPT = ".json,.jsonl,.ndjson,.csv,application/json,text/csv";

export const formatMegabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The refusal for a file over the limit, or null when it fits. */
export function fileSizeProblem(bytes: number): string | null {
  if (bytes <= IMPORT_MAX_BYTES) return null;
  return `The file is ${formatMegabytes(bytes)}; the limit is ${IMPORT_MAX_MB} MB. Split it into smaller files.`;
}
