import type { PhiFinding } from "@/lib/phi/categories";
import { detectPhi } from "@/lib/phi/detect";
import type { ScreenedField } from "@/lib/phi/fields";
import { findingKey } from "@/lib/phi/finding-key";
import type { CompletionRequest, LlmClient } from "./types";

// The PHI gate: the one choke point every outbound request passes (task prompts, response prompts,
// evaluation's candidate and judge requests, rating requests: all build their client with
// createScreenedClient, screened.ts). A request carrying an
// unresolved possible patient identifier is not sent: the call fails with PhiBlockedError, naming the seed
// or record and the span, and the caller pauses its job. For an endpoint an admin marked trusted (a local
// model, a deployment under a business associate agreement) the gate only warns.

/** What a request is built from: the texts that leave the building, with where they come from. */
export type PhiSource = {
  /** "testitem": an evaluation test item (its findings have no "not PHI" review yet: fix the test set) */
  targetType: "seed" | "generated" | "testitem";
  targetId: string;
  /** how a person names it: "seed cl2x…", "generated task 14" */
  label: string;
  /** evaluation's judge also sends an item's reference answer and the candidate's answer */
  fields: Partial<Record<ScreenedField | "reference" | "candidate", string | null>>;
};

export type PhiBlock = Pick<PhiFinding, "field" | "category" | "text"> & {
  /** the seed or record it is in (null: the request's own text, with no declared source) */
  source: { targetType: PhiSource["targetType"]; targetId: string; label: string } | null;
};

export type PhiGatePolicy = {
  /** the endpoint is marked trusted: findings are reported to onWarning and the request is sent */
  trusted: boolean;
  /**
   * Kinds of source whose findings only warn (reported to onWarning, request sent): a generation job set to
   * warn on model-written text ("generated"), which the provider wrote itself and which no patient record
   * went into. Every other source still stops the request.
   */
  warnOnly?: ReadonlySet<PhiSource["targetType"]>;
  /** resolution keys (lib/phi/finding-key.ts) by targetId: findings resolved ("not PHI", accepted) pass */
  resolved: ReadonlyMap<string, ReadonlySet<string>>;
  onWarning?: (blocks: PhiBlock[]) => void;
};

export class PhiBlockedError extends Error {
  constructor(readonly blocks: PhiBlock[]) {
    super(phiBlockMessage(blocks));
    this.name = "PhiBlockedError";
  }
}

export function phiBlockMessage(blocks: readonly PhiBlock[]): string {
  const [b] = blocks;
  if (!b) return "";
  const where = b.source ? `${b.source.label}, ${b.field}` : "the request's text";
  const more = blocks.length > 1 ? ` (and ${blocks.length - 1} more)` : "";
  const todo =
    b.source?.targetType !== "testitem"
      ? 'Replace it with a placeholder, or have a reviewer mark it "not PHI", then resume.'
      : b.field === "candidate"
        ? "The candidate model answered with it: have an admin mark the judge's endpoint trusted, or leave the item out of the test set, then resume."
        : "Fix the test set (import a new version with a placeholder instead), or have an admin mark the endpoint trusted, then resume.";
  return `Not sent: a possible patient identifier, ${b.category} "${b.text}" in ${where}${more}. ${todo}`;
}

/** `PHONE "555…" in seed abc, input`: one finding, for logs and refusals. */
export const describeBlock = (b: PhiBlock) =>
  `${b.category} "${b.text}" in ${b.source ? `${b.source.label}, ${b.field}` : "the request"}`;

const MEMO_LIMIT = 20_000;

/**
 * The findings of texts already screened by one client (or one run's clients), by field and text. A run sends
 * the same texts again and again (a seed in a hundred task prompts, a test item in its preflight and both
 * judge orders): each is screened once, and the detector's time stays off the event loop that dispatches the
 * calls. Only the detector fills it: a caller can share one or fill it ahead (prescreen), never put findings
 * in, so nothing reaches a request unscreened through it.
 */
export class PhiMemo {
  readonly #found = new Map<string, readonly PhiFinding[]>();

  /** distinct (field, text) pairs screened */
  get size(): number {
    return this.#found.size;
  }

  /** What the detector finds in `text` as `field`: detected the first time, then remembered. */
  findings(text: string, field: string): readonly PhiFinding[] {
    const key = `${field}\u0000${text}`;
    let found = this.#found.get(key);
    if (!found) {
      found = detectPhi(text, field);
      if (this.#found.size >= MEMO_LIMIT) this.#found.clear();
      this.#found.set(key, found);
    }
    return found;
  }
}

const detectMemo = (text: string, field: string, memo: PhiMemo | undefined): readonly PhiFinding[] =>
  memo ? memo.findings(text, field) : detectPhi(text, field);

/**
 * Screens the sources' texts into `memo` ahead of the requests that carry them: the detector's work, which
 * needs no resolutions (those filter the findings when the gate applies). A run does this while its other
 * start-up reads are in flight, so its screen and its first requests find every text already screened.
 */
export function prescreen(sources: readonly PhiSource[], memo: PhiMemo): void {
  for (const src of sources)
    for (const [field, text] of Object.entries(src.fields)) if (text) detectMemo(text, field, memo);
}

/**
 * The unresolved findings a request carries. With declared sources their fields are screened (the prompt's
 * own framing, written by an admin, is not: "Difficulty: 3" after "View: Nurse" reads like a name); without,
 * every message is.
 */
export function screenOutbound(
  req: Pick<CompletionRequest, "messages" | "phiSources">,
  resolved: PhiGatePolicy["resolved"],
  memo?: PhiMemo,
): PhiBlock[] {
  const blocks: PhiBlock[] = [];
  if (req.phiSources) {
    for (const src of req.phiSources) {
      const keys = resolved.get(src.targetId);
      for (const [field, text] of Object.entries(src.fields)) {
        if (!text) continue;
        for (const f of detectMemo(text, field, memo)) {
          if (keys?.has(findingKey(f))) continue;
          blocks.push({
            field: f.field,
            category: f.category,
            text: f.text,
            source: { targetType: src.targetType, targetId: src.targetId, label: src.label },
          });
        }
      }
    }
    return blocks;
  }
  for (const [i, m] of req.messages.entries())
    for (const f of detectPhi(m.content, `message ${i + 1} (${m.role})`))
      blocks.push({ field: f.field, category: f.category, text: f.text, source: null });
  return blocks;
}

/**
 * What the gate does with a request's (or a run's) findings: throws PhiBlockedError with the ones that stop
 * it, else reports them all to onWarning. A trusted endpoint stops none; warnOnly sources stop none.
 */
export function applyGate(blocks: readonly PhiBlock[], policy: PhiGatePolicy): void {
  if (!blocks.length) return;
  const stopping = policy.trusted
    ? []
    : blocks.filter((b) => !(b.source && policy.warnOnly?.has(b.source.targetType)));
  if (stopping.length) throw new PhiBlockedError(stopping);
  policy.onWarning?.([...blocks]);
}

/** The client behind the gate. Blocked requests never reach `inner`. */
export function gateClient(
  inner: LlmClient,
  policy: PhiGatePolicy,
  memo: PhiMemo = new PhiMemo(),
): LlmClient {
  return {
    async complete(req) {
      applyGate(screenOutbound(req, policy.resolved, memo), policy);
      const { phiSources: _sources, ...rest } = req;
      return inner.complete(rest);
    },
  };
}
