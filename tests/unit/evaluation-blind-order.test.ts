import { describe, expect, it } from "vitest";
import { type Answer, answerOfOutcome, answerSides, outcomeOfAnswer } from "@/lib/evaluation/blind";

// The order a clinician judging blind sees an item's answers in (Answer A, Answer B), and the mapping of their
// pick back to the candidate or the reference: per run, item and person, and the same every time.

const ids = Array.from({ length: 32 }, (_, i) => `item-${i}`);

describe("answerSides", () => {
  it("is the same on every call, and differs between items and between people", () => {
    const sides = ids.map((item) => answerSides("run-1", item, "user-1"));
    expect(ids.map((item) => answerSides("run-1", item, "user-1"))).toEqual(sides);
    for (const s of sides) expect([...s].sort()).toEqual(["candidate", "reference"]);
    expect(new Set(sides.map((s) => s.join()))).toEqual(
      new Set(["candidate,reference", "reference,candidate"]),
    );
    // Another person, or another run, of the same items: not the same order on every item.
    expect(ids.map((item) => answerSides("run-1", item, "user-2"))).not.toEqual(sides);
    expect(ids.map((item) => answerSides("run-2", item, "user-1"))).not.toEqual(sides);
    // The parts are kept apart: ("ab", "c") is not ("a", "bc").
    const joined = ids.map((item) => answerSides(`run-1${item}`, "", "user-1"));
    expect(joined).not.toEqual(ids.map((item) => answerSides("run-1", item, "user-1")));
  });
});

describe("the mapping of A, B and a tie", () => {
  it("maps each letter to the side it stood for, both orders, and back", () => {
    const candidateFirst = ids
      .map((item) => answerSides("run-1", item, "user-1"))
      .find((s) => s[0] === "candidate");
    const referenceFirst = ids
      .map((item) => answerSides("run-1", item, "user-1"))
      .find((s) => s[0] === "reference");
    if (!candidateFirst || !referenceFirst) throw new Error("both orders come up");
    expect(outcomeOfAnswer("A", candidateFirst)).toBe("candidate");
    expect(outcomeOfAnswer("B", candidateFirst)).toBe("reference");
    expect(outcomeOfAnswer("A", referenceFirst)).toBe("reference");
    expect(outcomeOfAnswer("B", referenceFirst)).toBe("candidate");
    for (const sides of [candidateFirst, referenceFirst]) {
      expect(outcomeOfAnswer("tie", sides)).toBe("tie");
      for (const answer of ["A", "B", "tie"] as Answer[])
        expect(answerOfOutcome(outcomeOfAnswer(answer, sides), sides)).toBe(answer);
    }
    expect(answerOfOutcome("candidate", referenceFirst)).toBe("B");
    expect(answerOfOutcome("reference", referenceFirst)).toBe("A");
  });
});
