import "server-only";
import { db } from "@/lib/db";

/** Published datasets whose files are built and downloadable, for the dashboard. */
export async function countReadyReleases(): Promise<number> {
  return db.datasetRelease.count({ where: { state: "READY" } });
}
