import "server-only";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { db } from "@/lib/db";

// Failed sign-ins are counted in Postgres (so every app process shares the count) per account and per
// client address. A successful sign-in clears the account's count.
const WINDOW_SECONDS = 15 * 60;
export const MAX_FAILS_PER_ACCOUNT = 5;
export const MAX_FAILS_PER_IP = 30;

type Limiters = { account: RateLimiterPrisma; ip: RateLimiterPrisma };
const g = globalThis as unknown as { medseedLoginLimiters?: Limiters };

function limiters(): Limiters {
  g.medseedLoginLimiters ??= {
    account: new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      keyPrefix: "login:account",
      points: MAX_FAILS_PER_ACCOUNT,
      duration: WINDOW_SECONDS,
      blockDuration: WINDOW_SECONDS,
      clearExpiredByTimeout: false,
    }),
    ip: new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      keyPrefix: "login:ip",
      points: MAX_FAILS_PER_IP,
      duration: WINDOW_SECONDS,
      blockDuration: WINDOW_SECONDS,
      clearExpiredByTimeout: false,
    }),
  };
  return g.medseedLoginLimiters;
}

/**
 * Counts a sign-in attempt for the account and the address before the password is checked, so a burst of
 * simultaneous guesses cannot all slip past a check made before any of them was counted. Returns the
 * minutes to wait when either limit is used up, else 0. A success gives the points back (clearAttempts).
 */
export async function countLoginAttempt(email: string, ip: string): Promise<number> {
  const { account, ip: byIp } = limiters();
  const results = await Promise.allSettled([account.consume(email), byIp.consume(ip)]);
  const waits = results.map((r) => {
    if (r.status === "fulfilled") return 0;
    const reason = r.reason as { msBeforeNext?: number } | Error;
    if (reason instanceof Error) throw reason; // the store failed: not a limit, a fault
    return reason.msBeforeNext ?? 0;
  });
  const ms = Math.max(...waits);
  return ms > 0 ? Math.max(1, Math.ceil(ms / 60_000)) : 0;
}

/** After a successful sign-in: the account starts afresh and the address gets its point back. */
export async function clearLoginAttempts(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = limiters();
  await Promise.all([account.delete(email), byIp.reward(ip, 1)]);
}
