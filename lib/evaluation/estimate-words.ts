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
