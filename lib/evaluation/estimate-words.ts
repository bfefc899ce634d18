import { countOf } from "@/lib/utils/plural";
import type { EvalEstimate } from "./runs";

/**
 * What an estimate says about the candidate's answers it reuses from the cache (the run form and `eval run`),
 * or null when none is reused. The cache goes by test set version, model name and decoding, not by URL: a new
 * checkpoint served under the old name would get the old answers, so the URLs they came from are named when
 * they differ from this run's.
 */
export function cachedAnswersNote(
  estimate: Pick<EvalEstimate, "cached">,
  model: string,
  baseUrl: string | undefined,
): string | null {
  const { answers, baseUrls } = estimate.cached;
  if (!answers) return null;
  const others = baseUrls.filter((u) => u !== baseUrl?.trim());
  const what = answers === 1 ? "1 answer" : `${answers} answers`;
  return (
    `${what} of ${model} with these decoding settings ${answers === 1 ? "is" : "are"} already cached and will be reused, not asked again` +
    (others.length ? ` (asked of ${others.join(", ")}, not of this URL)` : "") +
    ". The cache goes by model name, not by URL: to evaluate a new checkpoint, serve it under a new model name."
  );
}

/**
 * What an estimate says about possible patient identifiers in the run's items (the run form and `eval run`),
 * or null when there are none: whether the PHI gate would pause the run, and the ways out.
 */
export function identifiersNote(estimate: Pick<EvalEstimate, "identifiers">): string | null {
  const { items, first, untrusted } = estimate.identifiers;
  if (!items) return null;
  const held = `${countOf(items, "item")} of the test set ${items === 1 ? "holds" : "hold"} possible patient identifiers nobody resolved (the first: ${first})`;
  if (!untrusted.length)
    return `${held}. Every endpoint they go to is marked trusted, so they are sent, and the run's page says so.`;
  const where = untrusted.join(" and ");
  return `${held}. ${where.charAt(0).toUpperCase()}${where.slice(1)} ${untrusted.length === 1 ? "is" : "are"} not marked trusted, so the run would pause at the first of them: import a new version of the test set with placeholders instead, or have an admin mark the endpoint trusted (Admin > Settings, trusted endpoints).`;
}
