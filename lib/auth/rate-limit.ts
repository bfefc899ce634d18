import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPrisma, type RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";

// Failed sign-ins are counted in Postgres (so every app process shares the count) three ways:
// - per client address: one address trying many accounts is refused for a while;
// - per account and address pair: one address guessing one account's password is refused for a while;
// - per account, whatever the address: only slows that account's sign-ins down (a growing wait before the
//   password is checked), never refuses them, so that nobody can lock an owner out of their account by
//   typing wrong passwords for it: the owner's correct password from another address still gets in.
const WINDOW_SECONDS = 15 * 60;
export const MAX_FAILS_PER_IP = 30;
export const MAX_FAILS_PER_ACCOUNT_AND_IP = 5;
/** Failures of an account (from any address) before its sign-ins start to slow down. */
export const ACCOUNT_SLOWDOWN_AFTER = 5;
const SLOWDOWN_FIRST_MS = 250;
const SLOWDOWN_MAX_MS = 8_000;

/** The wait before checking a password for an account with `failures` recent failures: 0, then doubling. */
export function accountSlowdownMs(failures: number): number {
  if (failures < ACCOUNT_SLOWDOWN_AFTER) return 0;
  return Math.min(SLOWDOWN_MAX_MS, SLOWDOWN_FIRST_MS * 2 ** (failures - ACCOUNT_SLOWDOWN_AFTER));
}

type Limiters = { ip: RateLimiterPrisma; pair: RateLimiterPrisma; account: RateLimiterPrisma };
const g = globalThis as unknown as { medseedSignInLimiters?: Limiters };

const limiter = (keyPrefix: string, points: number, blockDuration: number) =>
  new RateLimiterPrisma({
    storeClient: db,
    tableName: "rateLimit",
    keyPrefix,
    points,
    duration: WINDOW_SECONDS,
    blockDuration,
    clearExpiredByTimeout: false,
  });

function limiters(): Limiters {
  g.medseedSignInLimiters ??= {
    ip: limiter("login:ip", MAX_FAILS_PER_IP, WINDOW_SECONDS),
    pair: limiter("login:account-ip", MAX_FAILS_PER_ACCOUNT_AND_IP, WINDOW_SECONDS),
    // Counts only: far more points than any window can use, so it never refuses.
    account: limiter("login:account", 1_000_000, 0),
  };
  return g.medseedSignInLimiters;
}

// Keys are hashed: an email and an address (taken from a proxy's header) could together pass the key
// column's 255 characters, and the table need not hold them in clear.
const key = (...parts: string[]) => createHash("sha256").update(parts.join("\n")).digest("base64url");

export type AttemptVerdict = {
  /** Minutes to wait before trying again from this address (a limit is used up), else 0. */
  refusedForMinutes: number;
  /** When not refused: how long to hold the attempt before checking the password. */
  slowdownMs: number;
};

/** A refusal from the limiter is a used-up limit; anything else is the store failing, which is a fault. */
async function consume(limiter: RateLimiterPrisma, k: string): Promise<RateLimiterRes | number> {
  try {
    return await limiter.consume(k);
  } catch (reason) {
    if (reason instanceof Error) throw reason;
    return (reason as RateLimiterRes).msBeforeNext ?? 0;
  }
}

/**
 * Counts a sign-in attempt before the password is checked, so a burst of simultaneous guesses cannot all
 * slip past a check made before any of them was counted. A success gives the points back
 * (clearLoginAttempts).
 */
export async function countLoginAttempt(email: string, ip: string): Promise<AttemptVerdict> {
  const { ip: byIp, pair, account } = limiters();
  const results = await Promise.all([consume(byIp, key(ip)), consume(pair, key(email, ip))]);
  const ms = Math.max(0, ...results.map((r) => (typeof r === "number" ? r : 0)));
  if (ms > 0) return { refusedForMinutes: Math.max(1, Math.ceil(ms / 60_000)), slowdownMs: 0 };
  // Only attempts that go on to the password check count towards the account's slow-down.
  const counted = await consume(account, key(email));
  const earlier = typeof counted === "number" ? 0 : counted.consumedPoints - 1;
  return { refusedForMinutes: 0, slowdownMs: accountSlowdownMs(earlier) };
}

/**
 * After a successful sign-in: the account and this address's attempts at it start afresh, and the address
 * gets its point back. Other addresses' limits on the account stay as they are.
 */
export async function clearLoginAttempts(email: string, ip: string): Promise<void> {
  const { ip: byIp, pair, account } = limiters();
  await Promise.all([account.delete(key(email)), pair.delete(key(email, ip)), byIp.reward(key(ip), 1)]);
}
