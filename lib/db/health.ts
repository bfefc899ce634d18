import "server-only";
import { db } from "@/lib/db";

/** How long a trivial query takes, in milliseconds; throws when the database cannot be reached. */
export async function databaseLatencyMs(): Promise<number> {
  const t0 = performance.now();
  await db.$queryRaw`SELECT 1`;
  return Math.round(performance.now() - t0);
}
