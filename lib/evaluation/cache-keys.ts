import { createHash } from "node:crypto";
import type { PromptTemplate } from "@/lib/quality/template";
import type { JudgeOrder } from "./scoring";
import type { CandidateDecoding } from "./settings";

// The keys of the evaluation call cache (EvalCall). Two runs that would send the same request share a key, so
// a re-run or an extended comparison never pays for a call twice:
//   candidate answer: (test set version, model, decoding, item), or (outputs file, item) for an upload;
//   verdict: (judge model, prompt version and text, item, the pair of answers, order).

const sha = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

export function endpointCandidateKey(versionId: string, model: string, decoding: CandidateDecoding): string {
  const { temperature, topP, maxTokens } = decoding;
  return `endpoint:${sha([versionId, model, temperature, topP, maxTokens])}`;
}

/** An uploaded outputs file: keyed by its answers, so the same file uploaded twice is one candidate. */
export function fileCandidateKey(versionId: string, outputs: readonly (string | null)[]): string {
  return `file:${sha([versionId, outputs])}`;
}

export const candidateCallKey = (candidateKey: string, itemId: string) =>
  `cand:${sha([candidateKey, itemId])}`;

export function judgeKey(model: string, promptVersion: number, template: PromptTemplate): string {
  return sha([model, promptVersion, template.system ?? "", template.user]);
}

export function judgeCallKey(
  judge: string,
  itemId: string,
  answers: { candidate: string; reference: string },
  order: JudgeOrder,
): string {
  return `judge:${sha([judge, itemId, sha(answers.reference), sha(answers.candidate), order])}`;
}
