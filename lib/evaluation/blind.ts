import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/model/roles";

/**
 * Whether a person judges blind: a clinician who records verdicts (evaluation.judge) but does not run
 * evaluations sees the judge's verdict on an item only once they have recorded their own, on every page and
 * in the API, the win rates once they have judged every item (a rate of 100%, or a group of one item, would
 * tell the verdicts), the agreement of their own verdicts only, and no results file (each holds every item's
 * verdicts). Whoever runs evaluations (ML engineers, admins) sees the results; an admin's own item page is
 * blind until they judge it, as anyone's.
 */
export const judgesBlind = (roles: readonly Role[]): boolean =>
  can(roles, "evaluation.judge") && !can(roles, "evaluation.run");

export const BLIND_DOWNLOAD =
  "Results files hold the judge's verdict on every item: they are for whoever runs evaluations, so that clinicians judge blind. The run's page shows each item's verdicts once you have recorded yours, and the win rates once you have judged every item.";
