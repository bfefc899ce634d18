import { lcsLength } from "./lcs";
import { rougeTokens } from "./tokenize";

/**
 * ROUGE-L F1 from an LCS length, in rouge_score's exact floating-point order so results match it
 * bit-for-bit. The result is symmetric in the two lengths (doubling is exact, so 2*p*r === 2*r*p).
 */
export function fFromLcs(lcs: number, lenCandidate: number, lenReference: number): number {
  if (lenCandidate === 0 || lenReference === 0) return 0;
  const p = lcs / lenCandidate;
  const r = lcs / lenReference;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

export function rougeLF1(candidate: string, reference: string): number {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  if (c.length === 0 || r.length === 0) return 0;
  // Token strings become small integers so the LCS can use bitmasks; ids are local to this call.
  const ids = new Map<string, number>();
  const encode = (tokens: string[]): Int32Array => {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
      }
      out[i] = id;
    }
    return out;
  };
  return fFromLcs(lcsLength(encode(c), encode(r)), c.length, r.length);
}
