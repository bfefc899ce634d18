import "server-only";
import { exportedSeeds } from "@/lib/exports/exported-seeds";
import type { NewJob } from "./jobs";
import type { JobSource } from "./types";

/** The seeds a new job takes and how its page names where they came from ("export #3", "file seeds.json"). */
export async function jobSeeds(source: JobSource): Promise<NewJob> {
  if ("seeds" in source) return { seeds: source.seeds, seedSource: source.seedSource };
  const exp = await exportedSeeds(
    "exportId" in source ? { id: source.exportId } : { number: source.exportNumber },
  );
  return { seeds: exp.seeds, seedSource: `export #${exp.number}`, exportId: exp.id };
}
