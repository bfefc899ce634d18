import { describe, expect, it } from "vitest";
import {
  candidateCallKey,
  endpointCandidateKey,
  fileCandidateKey,
  judgeCallKey,
  judgeKey,
} from "@/lib/evaluation/cache-keys";
import { DEFAULT_JUDGE_TEMPLATE } from "@/lib/evaluation/judge-prompt";

// The cache keys decide what a re-run may reuse: the same request, the same key; anything that changes the
// answer (model, decoding, template, either answer, order), another key.

const decoding = { temperature: 0, topP: 1, maxTokens: 1024 };

describe("evaluation cache keys", () => {
  it("a candidate is its test set version, model and decoding", () => {
    const k = endpointCandidateKey("v1", "m", decoding);
    expect(endpointCandidateKey("v1", "m", { ...decoding })).toBe(k);
    expect(endpointCandidateKey("v2", "m", decoding)).not.toBe(k);
    expect(endpointCandidateKey("v1", "m2", decoding)).not.toBe(k);
    expect(endpointCandidateKey("v1", "m", { ...decoding, temperature: 0.7 })).not.toBe(k);
    expect(endpointCandidateKey("v1", "m", { ...decoding, maxTokens: 512 })).not.toBe(k);
    expect(candidateCallKey(k, "item-1")).not.toBe(candidateCallKey(k, "item-2"));
  });

  it("an uploaded file is its answers", () => {
    expect(fileCandidateKey("v1", ["a", null])).toBe(fileCandidateKey("v1", ["a", null]));
    expect(fileCandidateKey("v1", ["a", null])).not.toBe(fileCandidateKey("v1", ["a", "b"]));
  });

  it("a verdict is the judge, its prompt, the item, both answers and the order", () => {
    const judge = judgeKey("gpt-4", 1, DEFAULT_JUDGE_TEMPLATE);
    const pair = { candidate: "c", reference: "r" };
    const k = judgeCallKey(judge, "i", pair, "reference_first");
    expect(judgeCallKey(judge, "i", { ...pair }, "reference_first")).toBe(k);
    expect(judgeCallKey(judge, "i", pair, "reference_last")).not.toBe(k);
    expect(judgeCallKey(judge, "i", { candidate: "r", reference: "c" }, "reference_first")).not.toBe(k);
    expect(judgeCallKey(judge, "j", pair, "reference_first")).not.toBe(k);
    expect(
      judgeCallKey(judgeKey("gpt-4o", 1, DEFAULT_JUDGE_TEMPLATE), "i", pair, "reference_first"),
    ).not.toBe(k);
    expect(judgeCallKey(judgeKey("gpt-4", 2, DEFAULT_JUDGE_TEMPLATE), "i", pair, "reference_first")).not.toBe(
      k,
    );
    const edited = { ...DEFAULT_JUDGE_TEMPLATE, user: `${DEFAULT_JUDGE_TEMPLATE.user}\nBe strict.` };
    expect(judgeCallKey(judgeKey("gpt-4", 1, edited), "i", pair, "reference_first")).not.toBe(k);
  });
});
