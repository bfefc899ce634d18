import { createHash } from "node:crypto";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/model/roles";
import type { Outcome } from "./scoring";

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

/** The two answers of an item: the candidate model's and the reference's. */
export type Side = Exclude<Outcome, "tie">;
/** What a clinician judging blind picks: one of the two answers as shown to them, or a tie. */
export type Answer = "A" | "B" | "tie";
export const LETTERS = ["A", "B"] as const;

/**
 * Which answer a person sees as Answer A and which as Answer B on an item of a run, while they judge it blind
 * (the model names would give the answers away): random per run, item and person, and the same on every
 * reload, so it is a hash of the three (nothing stored). The verdict is recorded as the side its letter stood
 * for (outcomeOfAnswer); the order stays after the verdict, then with the names.
 */
export function answerSides(runId: string, itemId: string, userId: string): readonly [Side, Side] {
  const digest = createHash("sha256").update(`${runId}\0${itemId}\0${userId}`).digest();
  return ((digest[0] as number) & 1) === 0 ? ["candidate", "reference"] : ["reference", "candidate"];
}

/** The outcome a pick of Answer A, Answer B or a tie stands for, given the sides as shown (answerSides). */
export function outcomeOfAnswer(answer: Answer, sides: readonly [Side, Side]): Outcome {
  return answer === "tie" ? "tie" : sides[answer === "A" ? 0 : 1];
}

/** The pick, as shown (answerSides), that an outcome stands for. */
export function answerOfOutcome(outcome: Outcome, sides: readonly [Side, Side]): Answer {
  return outcome === "tie" ? "tie" : outcome === sides[0] ? "A" : "B";
}
