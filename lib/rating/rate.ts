import {
  type LlmClient,
  PhiBlockedError,
  type PhiSource,
  ProviderError,
  retryDelayMs,
} from "@/lib/generation/provider";
import type { PromptTemplate } from "@/lib/quality/template";
import { type ParsedScore, parseScore } from "./parse-score";
import { buildRatingMessages, RATER_MAX_TOKENS, RATER_TEMPERATURE } from "./rubric";

// One record rated by an LLM, no database: used by the `rate` CLI and by the rating job's worker. A failed
// call is retried with backoff when the provider says it may pass (rate limit, server error, timeout); an
// answer with no readable score is asked for once more (raters are not deterministic even at temperature 0),
// then kept with score null and the reason.

export type RecordToRate = { instruction: string; input?: string; output: string };

export type RateOptions = {
  client: LlmClient;
  model: string;
  rubric: PromptTemplate;
  /** attempts per call for retryable provider errors (default 6) */
  maxAttempts?: number;
  /** first retry wait (default 1000 ms), doubling with jitter */
  retryBaseMs?: number;
  /** per call (default 120 s) */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** where the record comes from, for the PHI gate of a screened client (the stored record) */
  phiSources?: PhiSource[];
  /**
   * Asked before each call is sent (the first, each retry, the re-ask): false and the call is not made,
   * rateRecord throws RatingWithdrawn. The rating job's worker renews its lease on the record here, so a
   * worker whose lease ran out during a backoff does not pay for a record another worker has taken over.
   */
  beforeCall?: () => Promise<boolean>;
};

/** Thrown when `beforeCall` said no: the record is no longer the caller's to rate; nothing was sent. */
export class RatingWithdrawn extends Error {
  constructor() {
    super("The record was withdrawn before the call was sent.");
    this.name = "RatingWithdrawn";
  }
}

export type RatingOutcome = ParsedScore & {
  /** model calls that returned an answer (1, or 2 when the first had no score) */
  answers: number;
  usage: { promptTokens: number; completionTokens: number };
  /** the model the server says answered */
  model: string;
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new ProviderError("cancelled", "The request was cancelled."));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new ProviderError("cancelled", "The request was cancelled."));
    };
    signal?.addEventListener("abort", abort, { once: true });
  });

/** One completion, retried while the provider's error is retryable; throws the last ProviderError. */
async function completeWithRetry(record: RecordToRate, opts: RateOptions) {
  const maxAttempts = opts.maxAttempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    if (opts.beforeCall && !(await opts.beforeCall())) throw new RatingWithdrawn();
    try {
      return await opts.client.complete({
        model: opts.model,
        messages: buildRatingMessages(opts.rubric, {
          instruction: record.instruction,
          input: record.input,
          response: record.output,
        }),
        maxTokens: RATER_MAX_TOKENS,
        temperature: RATER_TEMPERATURE,
        timeoutMs: opts.timeoutMs ?? 120_000,
        signal: opts.signal,
        phiSources: opts.phiSources,
      });
    } catch (error) {
      // Not sent by the PHI gate: nothing to retry, the caller pauses.
      if (error instanceof PhiBlockedError) throw error;
      const e = error instanceof ProviderError ? error : new ProviderError("network", String(error));
      if (!e.retryable || attempt >= maxAttempts) throw e;
      await sleep(retryDelayMs(e, attempt, Math.random, { baseMs: opts.retryBaseMs }), opts.signal);
    }
  }
}

export async function rateRecord(record: RecordToRate, opts: RateOptions): Promise<RatingOutcome> {
  const usage = { promptTokens: 0, completionTokens: 0 };
  let parsed: ParsedScore | null = null;
  let model = opts.model;
  let answers = 0;
  // The first answer, and one more when it held no readable score.
  while (answers < 2 && parsed?.score == null) {
    const result = await completeWithRetry(record, opts);
    answers++;
    usage.promptTokens += result.usage.promptTokens;
    usage.completionTokens += result.usage.completionTokens;
    model = result.model;
    parsed = parseScore(result.text);
  }
  return { ...(parsed as ParsedScore), answers, usage, model };
}

/**
 * Runs `work` over `items` with at most `concurrency` at a time; results in input order. The first error
 * stops new work and is thrown once the running items settle.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: { error: unknown } | null = null;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i] as T, i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failed) throw (failed as { error: unknown }).error;
  return results;
}

/** Scores by half point from 1 to 5, and how many answers had none: the summary the CLI prints. */
export function ratingHistogram(scores: readonly (number | null)[]) {
  const bins = new Map<number, number>();
  for (let s = 1; s <= 5; s += 0.5) bins.set(s, 0);
  let unparsed = 0;
  for (const s of scores) {
    if (s === null) unparsed++;
    else {
      const bin = Math.floor(s * 2) / 2;
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
  }
  return { bins: [...bins].map(([score, count]) => ({ score, count })), unparsed };
}
