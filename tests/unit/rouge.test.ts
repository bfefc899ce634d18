import { describe, expect, it } from "vitest";
import { fFromLcs, rougeLF1 } from "@/lib/rouge/score";
import { rougeTokens } from "@/lib/rouge/tokenize";
import lowercaseToAscii from "@/tests/fixtures/rouge/lowercase-to-ascii.json";
import reference from "@/tests/fixtures/rouge/reference.json";
import pythonTokens from "@/tests/fixtures/rouge/tokens.json";

describe("rougeTokens", () => {
  it("splits on punctuation and keeps numbers in pieces", () => {
    expect(rougeTokens("11.2 mmol/L")).toEqual(["11", "2", "mmol", "l"]);
    expect(rougeTokens("Chest pain, SOB; BP 140/90!")).toEqual(["chest", "pain", "sob", "bp", "140", "90"]);
    expect(rougeTokens("COVID-19 (PCR+)")).toEqual(["covid", "19", "pcr"]);
  });

  it("treats non-ASCII letters as separators", () => {
    expect(rougeTokens("café")).toEqual(["caf"]);
    expect(rougeTokens("Ménière’s disease")).toEqual(["m", "ni", "re", "s", "disease"]);
    expect(rougeTokens("Sjögren ＣＴ １２ µg")).toEqual(["sj", "gren", "g"]);
  });

  it("follows Unicode lowercasing where it lands in ASCII, and does not normalise", () => {
    expect(rougeTokens("\u212Aelvin")).toEqual(["kelvin"]);
    expect(rougeTokens("\u0130stanbul")).toEqual(["i", "stanbul"]);
    expect(rougeTokens("cafe\u0301")).toEqual(["cafe"]);
    expect(rougeTokens("caf\u00e9")).toEqual(["caf"]);
  });

  it("returns nothing for empty, blank and punctuation-only text", () => {
    expect(rougeTokens("")).toEqual([]);
    expect(rougeTokens("   \t\n\u00a0 ")).toEqual([]);
    expect(rougeTokens("...?!–")).toEqual([]);
  });

  it("agrees with the Python tokenizer on the fixture texts", () => {
    expect(pythonTokens.length).toBeGreaterThan(60);
    for (const { text, tokens } of pythonTokens) {
      expect(rougeTokens(text), JSON.stringify(text)).toEqual(tokens);
    }
  });

  it("lets through exactly the code points Python's lower() maps into [a-z0-9]", () => {
    const surviving: { codePoint: number; tokens: string[] }[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (/^[a-z0-9]$/.test(ch)) continue;
      const tokens = rougeTokens(ch);
      if (tokens.length > 0) surviving.push({ codePoint: cp, tokens });
    }
    expect(surviving).toEqual(lowercaseToAscii);
  });
});

describe("fFromLcs", () => {
  it("is the harmonic mean of precision and recall", () => {
    expect(fFromLcs(2, 4, 2)).toBeCloseTo((2 * 0.5 * 1) / 1.5, 15);
    expect(fFromLcs(3, 3, 3)).toBe(1);
  });

  it("is zero for empty sides or no overlap", () => {
    expect(fFromLcs(0, 0, 5)).toBe(0);
    expect(fFromLcs(0, 5, 0)).toBe(0);
    expect(fFromLcs(0, 4, 7)).toBe(0);
  });

  it("is bit-symmetric in the two lengths", () => {
    for (let n = 1; n <= 40; n++) {
      for (let m = 1; m <= 40; m++) {
        for (let lcs = 0; lcs <= Math.min(n, m); lcs++) {
          expect(Object.is(fFromLcs(lcs, n, m), fFromLcs(lcs, m, n))).toBe(true);
        }
      }
    }
  });
});

describe("rougeLF1 against the Python reference", () => {
  it("has a broad corpus", () => {
    expect(reference.length).toBeGreaterThanOrEqual(60);
    expect(reference.some((row) => row.f === 1)).toBe(true);
    expect(reference.some((row) => row.f === 0)).toBe(true);
  });

  it("matches every pair to 1e-9", () => {
    for (const { candidate, reference: ref, f } of reference) {
      const got = rougeLF1(candidate, ref);
      expect(Math.abs(got - f) <= 1e-9, `${JSON.stringify([candidate, ref])}: ${got} vs ${f}`).toBe(true);
    }
  });

  it("matches every pair bit-for-bit", () => {
    const differing = reference.filter((row) => rougeLF1(row.candidate, row.reference) !== row.f);
    expect(differing).toEqual([]);
  });
});
