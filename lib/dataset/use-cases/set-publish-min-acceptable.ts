import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { setPublishMinAcceptable as store } from "../releases/quality";

/**
 * The share acceptable (0..1) below which publishing a release asks for a reason; 0 leaves only the unsafe
 * check. Audited as settings.update; saving the same value again changes nothing and leaves no row.
 */
export async function setPublishMinAcceptable(
  actor: Actor,
  input: { minAcceptable: number },
): Promise<{ changed: boolean }> {
  authorize(actor, "settings.manage");
  return store(input.minAcceptable, actor);
}
