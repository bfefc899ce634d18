import "server-only";
import pg from "pg";

// Plain node-postgres pools beside the Prisma client, one per purpose:
// - "stream": the paths that stream many rows (export rendering): a COPY read through node-postgres hands back
//   rows without the ORM's per-row decoding, which costs more than PostgreSQL takes to produce them. An export
//   holds its connection for as long as it streams.
// - "engine": the short statements an evaluation run sends while its calls are in flight (leases, answers,
//   counters), which must not queue behind exports holding every streaming connection.
// Each is created on first use, and again when DATABASE_URL changes (tests switch databases), like lib/db.ts.

export type PgPurpose = "stream" | "engine";

const SIZE_VARIABLE: Record<PgPurpose, string> = {
  stream: "DATABASE_STREAM_POOL_SIZE",
  engine: "DATABASE_ENGINE_POOL_SIZE",
};

const globalForPg = globalThis as unknown as {
  medseedPg?: Partial<Record<PgPurpose, { url: string; pool: pg.Pool }>>;
};

export function pgPool(purpose: PgPurpose): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start MedSeed with `npm start`, which provides the database.");
  }
  globalForPg.medseedPg ??= {};
  const pools = globalForPg.medseedPg;
  const current = pools[purpose];
  if (current?.url === url) return current.pool;
  if (current) void current.pool.end().catch(() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env[SIZE_VARIABLE[purpose]] ?? 4),
  });
  pool.on("error", () => {}); // an idle client dropped by the server: the pool replaces it
  pools[purpose] = { url, pool };
  return pool;
}

export async function disconnectPg(): Promise<void> {
  const pools = Object.values(globalForPg.medseedPg ?? {});
  globalForPg.medseedPg = undefined;
  await Promise.all(pools.map((p) => p.pool.end()));
}
