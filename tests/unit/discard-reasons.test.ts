import fs from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { FILTERS, type FilterName, filterTask } from "@/lib/generation/filters";
import { type ParseFailureReason, type ParseOptions, parseTaskCompletion } from "@/lib/generation/parse";
import {
  DISCARD_REASON_LABELS,
  DISCARD_REASONS,
  type DiscardReason,
  reasonLabel,
} from "@/lib/model/discard-reasons";

// Every reason the server writes on a discarded task has exactly one label, the same on every page (the
// live job page kept its own list, which had drifted: "More tasks than asked for" there, "beyond requested"
// on the record pages).

/** What the engine writes: the parser's failures, Alpaca's filters, the target and ROUGE-L (admission.ts). */
type ServerReason = ParseFailureReason | `filter:${FilterName}` | "target_reached" | "duplicate";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/generation");

/** The reasons the parser gives on the corpus of real model completions. */
function corpusReasons(): Set<string> {
  const reasons = new Set<string>();
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"))) {
    const spec = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, file.replace(/\.txt$/, ".json")), "utf8"),
    ) as {
      options: ParseOptions;
    };
    const text = fs.readFileSync(path.join(FIXTURES, file), "utf8");
    for (const t of parseTaskCompletion(text, spec.options)) if (!t.ok) reasons.add(t.reason);
  }
  return reasons;
}

describe("discard reasons", () => {
  it("lists exactly the reasons the engine can write (checked by the type checker)", () => {
    expectTypeOf<DiscardReason>().toEqualTypeOf<ServerReason>();
  });

  it("labels every reason the parser gives on real completions, and every filter", () => {
    const seen = [...corpusReasons(), ...FILTERS.map((f) => `filter:${f}`)];
    expect(seen).toContain("beyond_requested");
    expect(seen).toContain("truncated");
    for (const reason of seen) {
      expect(DISCARD_REASONS, reason).toContain(reason);
      expect(reasonLabel(reason), reason).not.toBe(reason);
    }
  });

  it("labels what the filters return", () => {
    const hit = filterTask("Draw a diagram of the heart.", {
      length: true,
      blacklist: true,
      program: true,
      first_char: true,
    });
    expect(reasonLabel(`filter:${hit?.reason}`)).toBe("Filter: blacklisted word");
  });

  it("gives each reason one label of its own", () => {
    const labels = DISCARD_REASONS.map((r) => DISCARD_REASON_LABELS[r]);
    expect(new Set(labels).size).toBe(DISCARD_REASONS.length);
    for (const label of labels) expect(label.trim()).not.toBe("");
  });

  it("says 'More tasks than asked for' for a block beyond the ones requested, wherever it is shown", () => {
    const parsed = parseTaskCompletion(
      [1, 2]
        .map(
          (n) =>
            `${n}. Type: Open Q&A\n${n}. Topic: Asthma\n${n}. View: Nurse\n${n}. Difficulty: 2\n${n}. Instruction: Explain inhaler technique number ${n}.\n${n}. Input: <noinput>`,
        )
        .join("\n###\n"),
      { firstNumber: 1, lastNumber: 1, truncated: false, promptEndsWithHeader: false },
    );
    const extra = parsed[1];
    expect(extra?.ok).toBe(false);
    expect(reasonLabel(extra && !extra.ok ? extra.reason : "")).toBe("More tasks than asked for");
  });

  it("shows a reason from an older version as it was stored", () => {
    expect(reasonLabel("retired_reason")).toBe("retired_reason");
  });
});
