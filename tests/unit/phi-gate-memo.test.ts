import { describe, expect, it } from "vitest";
import { PhiMemo, type PhiSource, prescreen, screenOutbound } from "@/lib/generation/provider/phi-gate";
import { findingKey } from "@/lib/phi/finding-key";

// The gate screens each distinct text once per client (a seed goes out in a hundred task prompts), and the
// memo never changes what it finds, nor what a resolution lets through.

const seed = (id: string, input: string): PhiSource => ({
  targetType: "seed",
  targetId: id,
  label: `seed ${id}`,
  fields: { instruction: "Explain the discharge plan.", input },
});
const PHONE = "Call the daughter on 555-201-3344 before discharge.";

describe("the gate's memo", () => {
  it("finds the same as without it, request after request, keeping one entry per distinct text", () => {
    const memo = new PhiMemo();
    const requests = Array.from({ length: 10 }, (_, i) => ({
      messages: [],
      phiSources: [seed("a", PHONE), seed(`b${i % 2}`, "No identifiers here.")],
    }));
    for (const req of requests) {
      const plain = screenOutbound(req, new Map());
      expect(plain.map((b) => b.category)).toEqual(["PHONE"]);
      expect(screenOutbound(req, new Map(), memo)).toEqual(plain);
    }
    // instruction (one text), the phone input, the clean input: three distinct (field, text) pairs.
    expect(memo.size).toBe(3);
  });

  it("applies resolutions after the memo: a finding resolved later passes", () => {
    const memo = new PhiMemo();
    const req = { messages: [], phiSources: [seed("a", PHONE)] };
    const [block] = screenOutbound(req, new Map(), memo);
    expect(block?.category).toBe("PHONE");
    const resolved = new Map([["a", new Set([findingKey(block as NonNullable<typeof block>)])]]);
    expect(screenOutbound(req, resolved, memo)).toEqual([]);
    expect(screenOutbound(req, new Map(), memo)).toHaveLength(1);
  });

  it("prescreened ahead with no resolutions, still stops what is unresolved and passes what is resolved", () => {
    // A run screens its texts into the memo while its resolutions are still being read (evaluation's start).
    const memo = new PhiMemo();
    const sources = [seed("a", PHONE), seed("b", PHONE), seed("c", "No identifiers here.")];
    prescreen(sources, memo);
    expect(memo.size).toBe(3);
    const req = { messages: [], phiSources: sources };
    const plain = screenOutbound(req, new Map());
    expect(plain.map((b) => b.source?.targetId)).toEqual(["a", "b"]);
    expect(screenOutbound(req, new Map(), memo)).toEqual(plain);
    const resolved = new Map([["a", new Set([findingKey(plain[0] as NonNullable<(typeof plain)[0]>)])]]);
    expect(screenOutbound(req, resolved, memo).map((b) => b.source?.targetId)).toEqual(["b"]);
  });
});
