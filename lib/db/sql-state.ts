// PostgreSQL's SQLSTATE of a failed statement (https://www.postgresql.org/docs/current/errcodes-appendix.html),
// read where each client puts it: node-postgres on the error itself, Prisma's driver adapter under
// meta.driverAdapterError.cause. A code, unlike the message, does not change with the server's lc_messages.

export const LOCK_NOT_AVAILABLE = "55P03";

export function sqlState(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as {
    code?: unknown;
    severity?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
  };
  const cause = e.meta?.driverAdapterError?.cause;
  // On the error itself only for node-postgres's (it has a severity): Prisma's own codes (P2002) look alike.
  const code = cause ? (cause.originalCode ?? cause.code) : e.severity !== undefined ? e.code : undefined;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}
