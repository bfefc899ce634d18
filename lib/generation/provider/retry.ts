import type { ProviderError } from "./errors";

export type RetryDelayOptions = {
  /** First backoff ceiling (default 1000 ms); doubles per attempt. */
  baseMs?: number;
  /** Backoff ceiling (default 60 s). */
  maxMs?: number;
  /** Ceiling for a server-sent Retry-After (default 10 min), so a bogus far-future date cannot park a job. */
  maxRetryAfterMs?: number;
};

/**
 * How long to wait before retry number `attempt` (1 = the first retry) after `error`.
 * A server's Retry-After is honoured with a little jitter on top, so the workers it stopped together do not
 * all come back in the same millisecond; otherwise exponential backoff with full jitter (a uniform draw
 * between 0 and min(maxMs, baseMs * 2^(attempt-1))), which spreads concurrent retries best.
 */
export function retryDelayMs(
  error: ProviderError,
  attempt: number,
  random: () => number = Math.random,
  opts: RetryDelayOptions = {},
): number {
  const baseMs = opts.baseMs ?? 1000;
  const maxMs = opts.maxMs ?? 60_000;
  if (error.retryAfterMs !== undefined) {
    const wait = Math.min(error.retryAfterMs, opts.maxRetryAfterMs ?? 600_000);
    return Math.round(wait + random() * Math.max(wait * 0.1, baseMs * 0.1));
  }
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
  return Math.round(random() * ceiling);
}

/** A sentence without its closing full stop, to join another clause to it ("...; retrying in 2.0 s"). */
export const withoutFullStop = (message: string): string => message.replace(/[.\s]+$/, "");

/** "<what went wrong>; retrying in 2.0 s": the provider error's sentence joined to the retry without ".;". */
export function retryingIn(message: string, ms: number): string {
  return `${withoutFullStop(message)}; retrying in ${(ms / 1000).toFixed(1)} s`;
}
