import { describe, expect, it } from "vitest";
import { likelySameTerms, looseTermKey } from "@/lib/model/term-likeness";

// Values of one vocabulary probably spelt two ways, as the AlpaCare seed set brings them in: offered to an
// admin as merges, never folded on their own.

describe("looseTermKey", () => {
  it("meets singular and plural, British and American spelling", () => {
    const same = [
      ["Diagnosis", "Diagnoses"],
      ["Treatment", "Treatments"],
      ["Disease", "Diseases"],
      ["Genetic", "Genetics"],
      ["Clinician", "Clinicians"],
      ["Medical Student", "Medical Students"],
      ["Genetic Counsellor", "Genetic counselor"],
      ["Haematology", "Hematology"],
      ["Paediatrics", "Pediatrics"],
      ["Tumour", "Tumor"],
      ["Therapy", "Therapies"],
      ["Nurse", "Nurses"],
      ["Analysis", "Analyses"],
      ["Organisation", "Organization"],
      ["Centre", "Center"],
    ];
    for (const [a, b] of same)
      expect(looseTermKey(a as string), `${a} / ${b}`).toBe(looseTermKey(b as string));
  });

  it("keeps different values apart", () => {
    const apart = [
      ["Diabetes", "Diagnosis"],
      ["Status", "Stats"],
      ["Patient", "Parent"],
      ["Nursing", "Nurse"],
      ["Genetic", "Generic"],
      ["Cardiology", "Radiology"],
      ["Medical Student", "Medical Students Union"],
    ];
    for (const [a, b] of apart)
      expect(looseTermKey(a as string), `${a} / ${b}`).not.toBe(looseTermKey(b as string));
  });
});

describe("likelySameTerms", () => {
  const term = (value: string, uses: number, builtIn = false) => ({ id: value, value, uses, builtIn });

  it("offers each variant into the built-in value, else the most used; never a built-in value as the one to go", () => {
    const pairs = likelySameTerms([
      term("Diagnoses", 3),
      term("Diagnosis", 12),
      term("Patients", 40),
      term("Patient", 2, true),
      term("Cardiology", 9),
      term("Expert", 1, true),
      term("Experts", 5, true),
    ]);
    expect(pairs.map((p) => [p.from.value, p.into.value])).toEqual([
      ["Diagnoses", "Diagnosis"],
      ["Patients", "Patient"],
    ]);
  });

  it("offers nothing when every value stands alone", () => {
    expect(likelySameTerms([term("Cardiology", 3), term("Oncology", 2)])).toEqual([]);
  });
});
