import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { type PublishQuality, publishQuality } from "../releases/quality";

/** What the quality gate says about publishing these jobs now (the publish form shows it as jobs are ticked). */
export async function getPublishQuality(actor: Actor, input: { jobIds: string[] }): Promise<PublishQuality> {
  authorize(actor, "dataset.publish");
  return publishQuality([...new Set(input.jobIds)]);
}
