import { afterEach, describe, expect, it, vi } from "vitest";
import { authOptions, WRONG_CREDENTIALS } from "@/lib/auth/options";
import {
  ACCOUNT_SLOWDOWN_AFTER,
  accountSlowdownMs,
  MAX_FAILS_PER_ACCOUNT_AND_IP,
  MAX_FAILS_PER_IP,
} from "@/lib/auth/rate-limit";
import { db } from "@/lib/db";
import { makeUser } from "../support/factories";

// The credentials provider's own authorize(), against real accounts and the Postgres-backed rate limiter.
type Authorize = (
  creds: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<unknown>;
const provider = authOptions.providers.find((p) => p.id === "credentials") as unknown as {
  options: { authorize: Authorize };
};
const signIn = (email: string, password: string, ip = "203.0.113.7") =>
  provider.options.authorize({ email, password }, { headers: { "x-medseed-client-ip": ip } });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function timed(attempt: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await expect(attempt()).rejects.toThrow(WRONG_CREDENTIALS);
  return performance.now() - start;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("sign-in with email and password", () => {
  it("accepts the right password (email in any case), returns the roles, audits it", async () => {
    const user = await makeUser({ roles: ["AUTHOR", "REVIEWER"] });
    const result = await signIn(user.email.toUpperCase(), user.password);
    expect(result).toMatchObject({ id: user.id, email: user.email, roles: ["AUTHOR", "REVIEWER"] });
    expect(await db.auditEvent.count({ where: { action: "auth.signin", actorId: user.id } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
  });

  it("gives the same clear message for a wrong password and an unknown account", async () => {
    const user = await makeUser();
    await expect(signIn(user.email, "wrong password")).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn("nobody@test.medseed", "wrong password")).rejects.toThrow(WRONG_CREDENTIALS);
  });

  it("takes as long for an unknown email as for a wrong password on a real account", async () => {
    // At the production cost the bcrypt comparison dominates the database round trips, as it does in
    // production; at the tests' cost 4 it would not, and the test could not see a skipped comparison.
    vi.stubEnv("MEDSEED_BCRYPT_ROUNDS", "10");
    const samples = 7;
    // One account and one unknown address per sample, so no limit or slow-down is reached on the way.
    const users = await Promise.all(Array.from({ length: samples + 1 }, () => makeUser()));
    const ip = (i: number) => `192.0.2.${100 + i}`;
    await timed(() => signIn(`warm-up-nobody@test.medseed`, "wrong password", ip(samples)));
    await timed(() => signIn(users[samples]?.email ?? "", "wrong password", ip(samples)));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < samples; i++) {
      // Interleaved, alternating which goes first, so a burst of load elsewhere hits both alike.
      const real = () => timed(() => signIn(users[i]?.email ?? "", "wrong password", ip(i)));
      const nobody = () =>
        timed(() => signIn(`nobody-${i}-${users[i]?.id}@test.medseed`, "wrong password", ip(i)));
      if (i % 2) {
        known.push(await real());
        unknown.push(await nobody());
      } else {
        unknown.push(await nobody());
        known.push(await real());
      }
    }
    const ratio = median(unknown) / median(known);
    expect(
      ratio,
      `unknown ${median(unknown).toFixed(1)} ms vs known ${median(known).toFixed(1)} ms`,
    ).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("refuses a deactivated account even with the right password", async () => {
    const user = await makeUser({ active: false });
    await expect(signIn(user.email, user.password)).rejects.toThrow(/deactivated/);
  });

  it("wrong passwords from one address limit that address, not the owner signing in from another", async () => {
    const user = await makeUser();
    const attacker = "198.51.100.10";
    for (let i = 0; i < MAX_FAILS_PER_ACCOUNT_AND_IP; i++) {
      await expect(signIn(user.email, "wrong", attacker)).rejects.toThrow(WRONG_CREDENTIALS);
    }
    await expect(signIn(user.email, user.password, "198.51.100.20")).resolves.toMatchObject({ id: user.id });
    // The owner's success does not free the guessing address: it stays refused, even with the password.
    await expect(signIn(user.email, "wrong", attacker)).rejects.toThrow(/Too many failed sign-ins/);
    await expect(signIn(user.email, user.password, attacker)).rejects.toThrow(/Too many failed sign-ins/);
  });

  it("wrong passwords from many addresses slow the account down, but the owner still gets in", async () => {
    expect(
      Array.from({ length: ACCOUNT_SLOWDOWN_AFTER + 8 }, (_, n) => accountSlowdownMs(n)).slice(
        ACCOUNT_SLOWDOWN_AFTER - 1,
      ),
    ).toEqual([0, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
    const user = await makeUser();
    const failures = ACCOUNT_SLOWDOWN_AFTER + 2;
    for (let i = 0; i < failures; i++) {
      await expect(signIn(user.email, "wrong", `198.51.101.${i}`)).rejects.toThrow(WRONG_CREDENTIALS);
    }
    const start = performance.now();
    await expect(signIn(user.email, user.password, "198.51.101.200")).resolves.toMatchObject({ id: user.id });
    expect(performance.now() - start).toBeGreaterThanOrEqual(accountSlowdownMs(failures) - 5);
  });

  it("a success clears that address's failures for the account", async () => {
    const user = await makeUser();
    for (let i = 0; i < MAX_FAILS_PER_ACCOUNT_AND_IP - 1; i++)
      await signIn(user.email, "wrong").catch(() => {});
    await signIn(user.email, user.password);
    for (let i = 0; i < MAX_FAILS_PER_ACCOUNT_AND_IP - 1; i++)
      await signIn(user.email, "wrong").catch(() => {});
    await expect(signIn(user.email, user.password)).resolves.toMatchObject({ id: user.id });
  });

  it("counts simultaneous guesses: a burst from one address cannot slip past the limit", async () => {
    const user = await makeUser();
    const burst = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => signIn(user.email, `guess ${i}`, "198.18.0.1")),
    );
    const wrong = burst.filter(
      (r) => r.status === "rejected" && String(r.reason).includes(WRONG_CREDENTIALS),
    );
    expect(wrong.length).toBe(MAX_FAILS_PER_ACCOUNT_AND_IP);
    await expect(signIn(user.email, user.password, "198.18.0.1")).rejects.toThrow(/Too many failed sign-ins/);
    await expect(signIn(user.email, user.password, "198.18.1.1")).resolves.toMatchObject({ id: user.id });
  });

  it("shows a generic message, not the fault, when something breaks underneath", async () => {
    await expect(
      provider.options.authorize({ email: "x@test.medseed", password: "p" }, undefined as never),
    ).rejects.toThrow(/Wrong email or password|Signing in failed on our side/);
  });

  it("limits one address trying many accounts", async () => {
    const ip = "192.0.2.250";
    for (let i = 0; i < MAX_FAILS_PER_IP; i++)
      await signIn(`probe${i}@test.medseed`, "wrong", ip).catch(() => {});
    const user = await makeUser();
    await expect(signIn(user.email, user.password, ip)).rejects.toThrow(/Too many failed sign-ins/);
    await expect(signIn(user.email, user.password, "192.0.2.251")).resolves.toMatchObject({ id: user.id });
  });
});
