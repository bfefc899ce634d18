import "server-only";
import pg from "pg";

// A plain node-postgres pool beside the Prisma client, for the paths that stream many rows (seed exports):
// a server-side cursor read through node-postgres hands back rows without the ORM's per-row
// decoding, which costs more than PostgreSQL takes to produce them. Created on first use, and again when
// DATABASE_URL changes (tests switch databases), like lib/db.ts.

const globalForPg = globalThis as unknown as { medseedPg?: { url: string; pool: pg.Pool } };

export function pgPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start MedSeed with `npm start`, which provides the database.");
  }
  const current = globalForPg.medseedPg;
  if (current?.url === url) return current.pool;
  if (current) void current.pool.end().catch(() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_STREAM_POOL_SIZE ?? 4),
  });
  pool.on("error", () => {}); // an idle client dropped by the server: the pool replaces it
  globalForPg.medseedPg = { url, pool };
  return pool;
}

export async function disconnectPg(): Promise<void> {
  const current = globalForPg.medseedPg;
  globalForPg.medseedPg = undefined;
  await current?.pool.end();
}
