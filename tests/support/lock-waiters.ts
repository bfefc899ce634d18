import type pg from "pg";

// Races made repeatable: a test holds a table from a raw connection so a first transaction stops before its
// commit, starts a second, and waits until both are waiting on locks before letting go.

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
