// Expected failures: a message a person can act on, plus a code the action/route wrappers map to a
// typed result or an HTTP status. Anything else thrown is unexpected and is logged, not shown.

export type ErrorCode =
  | "INVALID"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_LARGE"
  | "RATE_LIMITED";

export type FieldErrors = Record<string, string[]>;

/**
 * What a refusal is about, record by record, for a page to show in its own form (each record linked) where the
 * message names them in a sentence for the command line and the REST API. Server actions hand it to the page;
 * route handlers leave it out.
 */
export type ErrorDetail = PhiUnresolvedDetail;

export type PhiUnresolvedDetail = {
  /** an export refused for possible patient identifiers nobody resolved (lib/exports/render.ts) */
  kind: "phi-unresolved";
  /** how many seed tasks were refused; `seeds` holds the first of them, in the export's order */
  total: number;
  /** what was refused (every seed and finding), to accept exactly that (createExport's acceptSeen) */
  fingerprint: string;
  /** the refusal of an acceptance: the findings had changed since the page showed them */
  changed: boolean;
  seeds: {
    id: string;
    /** the start of its instruction, "…" at the end when cut */
    instruction: string;
    findings: { field: string; category: string; text: string }[];
  }[];
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** The message as a form in the browser shows it, where it differs (no schema path such as
   *  "settings.provider.baseUrl", which tells an API caller where but a person nothing). */
  readonly shown?: string;
  readonly detail?: ErrorDetail;

  constructor(
    code: ErrorCode,
    message: string,
    fieldErrors?: FieldErrors,
    extra: { shown?: string; detail?: ErrorDetail } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.shown = extra.shown;
    this.detail = extra.detail;
  }
}

export const HTTP_STATUS: Record<ErrorCode | "INTERNAL", number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** Prisma's unique-constraint violation, without importing Prisma's runtime into every caller. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
