import type { SeedStatusName } from "@/lib/model/seed-status";
import { type SeedListQuery, seedListParams } from "@/lib/validation/seed-list";

/** The seed list filtered to what a count counted, within the dashboard's status scope. */
export function listHref(
  statuses: SeedStatusName[],
  filter: Pick<Partial<SeedListQuery>, "type" | "difficulty" | "topic" | "view"> = {},
): string {
  const params = seedListParams({ ...filter, status: statuses });
  return `/seeds?${params.toString()}`;
}
