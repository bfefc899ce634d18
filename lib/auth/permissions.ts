import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/model/roles";

// The one table of who may do what. Every server action and route handler names one of these
// permissions through the wrappers in lib/auth/action.ts and lib/auth/route.ts; pages use `can`
// only to decide what to show. Later features add their actions here (and to the matrix test).
export const PERMISSIONS = {
  "dashboard.view": ["AUTHOR", "REVIEWER", "ENGINEER", "ADMIN"],
  // Personal API tokens: anyone signed in makes and revokes their own.
  "token.manage": ["AUTHOR", "REVIEWER", "ENGINEER", "ADMIN"],
  "seed.read": ["AUTHOR", "REVIEWER", "ENGINEER", "ADMIN"],
  "seed.create": ["AUTHOR", "ADMIN"],
  // Ownership: a permission covers one's own tasks; its ".any" twin covers everyone's.
  "seed.edit": ["AUTHOR", "ADMIN"],
  "seed.edit.any": ["ADMIN"],
  "seed.import": ["AUTHOR", "ADMIN"],
  "seed.import.approved": ["ADMIN"],
  "seed.submit": ["AUTHOR", "ADMIN"],
  "seed.submit.any": ["ADMIN"],
  "seed.comment": ["AUTHOR", "REVIEWER", "ADMIN"],
  "seed.archive": ["AUTHOR", "ADMIN"],
  "seed.archive.any": ["ADMIN"],
  "seed.review": ["REVIEWER", "ADMIN"],
  "seed.approve": ["REVIEWER", "ADMIN"],
  // PHI screening: reviewers mark a finding "not PHI"; whoever exports may accept the remaining findings
  // knowingly (export --accept-phi), with a reason, audited.
  "phi.resolve": ["REVIEWER", "ADMIN"],
  "phi.accept": ["REVIEWER", "ENGINEER", "ADMIN"],
  "export.read": ["REVIEWER", "ENGINEER", "ADMIN"],
  "export.create": ["REVIEWER", "ENGINEER", "ADMIN"],
  // Engineers run generation (and later evaluation and rating) without managing users or settings.
  "generation.read": ["ENGINEER", "ADMIN"],
  "generation.run": ["ENGINEER", "ADMIN"],
  "generation.configure": ["ADMIN"],
  // Generated datasets: reviewers browse, curate and spot-check what generation made; engineers and admins
  // publish it.
  "dataset.read": ["REVIEWER", "ENGINEER", "ADMIN"],
  "dataset.curate": ["REVIEWER", "ADMIN"],
  "dataset.spotcheck": ["REVIEWER", "ADMIN"],
  "dataset.publish": ["ENGINEER", "ADMIN"],
  // Evaluation (issue 16): clinicians (authors, reviewers) write test sets and judge items themselves;
  // running evaluations (paid model calls) belongs to whoever runs generation.
  "evaluation.read": ["AUTHOR", "REVIEWER", "ENGINEER", "ADMIN"],
  "testset.write": ["AUTHOR", "REVIEWER", "ADMIN"],
  "evaluation.run": ["ENGINEER", "ADMIN"],
  "evaluation.judge": ["AUTHOR", "REVIEWER", "ADMIN"],
  // The judge's prompt is a setting like the generation prompts and the rubric: everyone who reads runs sees
  // it (evaluation.read); admins edit it (a new version; runs keep theirs).
  "evaluation.prompt": ["ADMIN"],
  // Test items written in the app (issue 16): any clinician writes them (testset.write); reviewers approve,
  // send back or reject them before they can enter a frozen version.
  "testitem.review": ["REVIEWER", "ADMIN"],
  // Rating generated data with an LLM (issue 17): reviewers rate what they curate, engineers what they
  // generate; the rubric is a setting.
  "rating.run": ["REVIEWER", "ENGINEER", "ADMIN"],
  "rating.rubric": ["ADMIN"],
  "user.manage": ["ADMIN"],
  "vocabulary.manage": ["ADMIN"],
  "settings.manage": ["ADMIN"],
  "audit.read": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** Throws FORBIDDEN naming the permission: every use case starts with this, whatever door it came through. */
export function authorize(actor: { roles: readonly Role[] }, permission: Permission): void {
  if (!can(actor.roles, permission)) {
    throw new AppError(
      "FORBIDDEN",
      `Your role does not allow this (${permission}). Ask an admin if you need it.`,
    );
  }
}

export function can(roles: readonly Role[] | null | undefined, permission: Permission): boolean {
  if (!roles?.length) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}
