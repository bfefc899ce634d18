import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Liveness and database status, for people and load balancers. No session needed; no details leaked. */
export async function GET() {
  const t0 = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "up", latencyMs: Math.round(performance.now() - t0) });
  } catch (error) {
    console.error("[medseed] health check: database unreachable:", error);
    return Response.json({ status: "error", database: "down" }, { status: 503 });
  }
}
