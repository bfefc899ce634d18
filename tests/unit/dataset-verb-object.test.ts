import { describe, expect, it } from "vitest";
import { rootVerbObject, verbObjectSummary } from "@/lib/dataset/analysis/verb-object";
import fixture from "@/tests/fixtures/dataset/verb-object.json";

type Case = {
  instruction: string;
  verb: string | null;
  object: string | null;
  known_miss?: boolean;
  reason?: string;
};

// Expectations were written as a dependency parse would have them; the few that POS tags cannot reach are
// kept, marked known_miss with the reason, and only count against the overall accuracy.
const cases = fixture as Case[];
const expected = cases.filter((c) => !c.known_miss);

describe("rootVerbObject", () => {
  it.each(expected)("$instruction", (c) => {
    expect(rootVerbObject(c.instruction)).toEqual({ verb: c.verb, object: c.object });
  });

  it("gets at least 95% of all verbs and objects right, known misses included", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const results = cases.map((c) => ({ c, r: rootVerbObject(c.instruction) }));
    const verbs = results.filter(({ c, r }) => r.verb === c.verb).length / cases.length;
    const objects = results.filter(({ c, r }) => r.object === c.object).length / cases.length;
    expect(verbs).toBeGreaterThanOrEqual(0.95);
    expect(objects).toBeGreaterThanOrEqual(0.95);
  });

  it("says why each known miss is one", () => {
    for (const c of cases.filter((x) => x.known_miss)) expect(c.reason, c.instruction).toBeTruthy();
  });

  it("finds nothing in empty or verbless text", () => {
    expect(rootVerbObject("")).toEqual({ verb: null, object: null });
    expect(rootVerbObject("  \n ")).toEqual({ verb: null, object: null });
    expect(rootVerbObject("?!")).toEqual({ verb: null, object: null });
  });

  it("reads only the first line and sentence", () => {
    expect(rootVerbObject("\n\nList the drugs.\nExplain the mechanism.")).toEqual({
      verb: "list",
      object: "drug",
    });
    expect(rootVerbObject("You are a GP. Write a letter.")).toEqual({ verb: null, object: null });
  });

  it("copes with a very long instruction", () => {
    const long = `Describe the management of sepsis ${"in a patient with multiple comorbidities ".repeat(200)}`;
    expect(rootVerbObject(long)).toEqual({ verb: "describe", object: "management" });
  });
});

describe("verbObjectSummary", () => {
  const instructions = [
    "List the causes of anaemia.", // list / cause
    "List the side effects of metformin.", // list / effect
    "List three causes of a chronic cough.", // list / cause
    "Explain why statins cause myalgia.", // explain / -
    "Explain the mechanism of action of aspirin.", // explain / mechanism
    "Describe the pathophysiology of asthma.", // describe / pathophysiology
    "What is the dose of amoxicillin?", // -
    "Write a letter to the GP.", // write / letter
    "Write a letter to the patient.", // write / letter
    "Write a summary of the case.", // write / summary
  ];

  it("counts verbs and their objects, most common first, ties alphabetically", () => {
    const summary = verbObjectSummary(instructions);
    expect(summary.n).toBe(10);
    expect(summary.noVerbShare).toBeCloseTo(0.1, 12);
    expect(summary.noObjectShare).toBeCloseTo(0.1, 12);
    expect(summary.top).toEqual([
      {
        verb: "list",
        count: 3,
        objects: [
          { label: "cause", count: 2 },
          { label: "effect", count: 1 },
        ],
      },
      {
        verb: "write",
        count: 3,
        objects: [
          { label: "letter", count: 2 },
          { label: "summary", count: 1 },
        ],
      },
      { verb: "explain", count: 2, objects: [{ label: "mechanism", count: 1 }] },
      { verb: "describe", count: 1, objects: [{ label: "pathophysiology", count: 1 }] },
    ]);
  });

  it("keeps only the top verbs and objects asked for", () => {
    const summary = verbObjectSummary(instructions, 2, 1);
    expect(summary.top).toEqual([
      { verb: "list", count: 3, objects: [{ label: "cause", count: 2 }] },
      { verb: "write", count: 3, objects: [{ label: "letter", count: 2 }] },
    ]);
    // The shares are over everything, not just the verbs shown.
    expect(summary.n).toBe(10);
    expect(summary.noVerbShare).toBeCloseTo(0.1, 12);
  });

  it("takes any iterable, and an empty one gives zero shares", () => {
    function* gen() {
      yield "Name three loop diuretics.";
      yield "Name the cranial nerves.";
    }
    expect(verbObjectSummary(gen()).top).toEqual([
      {
        verb: "name",
        count: 2,
        objects: [
          { label: "diuretic", count: 1 },
          { label: "nerve", count: 1 },
        ],
      },
    ]);
    expect(verbObjectSummary([])).toEqual({ n: 0, noVerbShare: 0, noObjectShare: 0, top: [] });
  });
});
