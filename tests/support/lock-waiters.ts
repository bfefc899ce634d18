import pg from "pg";

// Races made repeatable: a test holds the audit table from a raw connection, so a first transaction stops at its
// audit row (its other writes done, not committed); a second starts meanwhile; once both wait on locks, the
// table is let go and they finish in the order the database gives them.

/** Sessions of this database waiting on a lock. */
async function lockWaiters(c: pg.Client): Promise<number> {
  await c.query("SELECT pg_stat_clear_snapshot()"); // pg_stat_activity is otherwise frozen for the transaction
  const r = await c.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return r.rows[0].n;
}

/** Waits until `n` sessions of this database wait on a lock (a condition with a minute's bound, not a count of tries). */
export async function waitForLockWaiters(c: pg.Client, n: number): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if ((await lockWaiters(c)) >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  const r = await c.query(
    `SELECT state, wait_event_type, wait_event, left(query, 60) AS q FROM pg_stat_activity WHERE datname = current_database()`,
  );
  throw new Error(`never saw ${n} lock waiters: ${JSON.stringify(r.rows)}`);
}

/**
 * `first` held just before its commit (at its audit row), `second` started while it is, then both let go: how
 * each ended. Both must write an audit row (every transition here does), or the wait for two waiters times out.
 */
export async function raceBeforeCommit<A, B>(
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
  await locker.query("BEGIN");
  await locker.query(`LOCK TABLE "AuditEvent" IN EXCLUSIVE MODE`);
  let a: Promise<A> | undefined;
  let b: Promise<B> | undefined;
  try {
    a = first();
    a.catch(() => {});
    await waitForLockWaiters(locker, 1);
    b = second();
    b.catch(() => {});
    await waitForLockWaiters(locker, 2);
  } finally {
    await locker.query("COMMIT");
    await locker.end();
  }
  return Promise.allSettled([a, b] as [Promise<A>, Promise<B>]);
}
