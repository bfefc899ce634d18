import { databaseLatencyMs } from "@/lib/db/health";

export const dynamic = "force-dynamic";

/** Liveness and database status, for people and load balancers. No session needed; no details leaked. */
export async function GET() {
  try {
    return Response.json({ status: "ok", database: "up", latencyMs: await databaseLatencyMs() });
  } catch (error) {
    console.error("[medseed] health check: database unreachable:", error);
    return Response.json({ status: "error", database: "down" }, { status: 503 });
  }
}
