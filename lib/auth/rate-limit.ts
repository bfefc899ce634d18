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

/** Minutes until the next attempt is allowed, or 0 when signing in may be tried now. */
export async function loginBlockedFor(email: string, ip: string): Promise<number> {
  const { account, ip: byIp } = limiters();
  const [a, i] = await Promise.all([account.get(email), byIp.get(ip)]);
  const waits = [
    a && a.consumedPoints >= MAX_FAILS_PER_ACCOUNT ? a.msBeforeNext : 0,
    i && i.consumedPoints >= MAX_FAILS_PER_IP ? i.msBeforeNext : 0,
  ];
  const ms = Math.max(...waits);
  return ms > 0 ? Math.max(1, Math.ceil(ms / 60_000)) : 0;
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = limiters();
  // consume() rejects once the limit is reached; that is the signal we read in loginBlockedFor.
  await Promise.allSettled([account.consume(email), byIp.consume(ip)]);
}

export async function clearLoginFailures(email: string): Promise<void> {
  await limiters().account.delete(email);
}
