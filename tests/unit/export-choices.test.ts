import { describe, expect, it } from "vitest";
import { exportChoicesFrom, filtersAny } from "@/app/(app)/exports/_components/choices";

const options = { topics: ["Cardiology", "Renal care"], views: ["Nurse"], types: ["Open Q&A"] };

describe("the Exports form's choices from its URL", () => {
  it("reads what the form wrote", () => {
    const c = exportChoicesFrom(
      { format: "jsonl", topic: "Renal care", view: "Nurse", type: "Open Q&A", difficulty: "2,3" },
      options,
    );
    expect(c).toEqual({
      format: "jsonl",
      topic: "Renal care",
      view: "Nurse",
      type: "Open Q&A",
      difficulty: [2, 3],
    });
    expect(filtersAny(c)).toBe(true);
  });

  it("leaves out what the form does not offer instead of failing the page", () => {
    const c = exportChoicesFrom(
      {
        format: "parquet",
        topic: "Removed topic",
        view: ["Nurse", "Patient"],
        difficulty: ["9,x,2", "2", "5"],
      },
      options,
    );
    expect(c).toEqual({
      format: "alpacare",
      topic: undefined,
      view: "Nurse",
      type: undefined,
      difficulty: [2, 5],
    });
    const none = exportChoicesFrom({}, options);
    expect(none).toEqual({
      format: "alpacare",
      difficulty: [],
      topic: undefined,
      view: undefined,
      type: undefined,
    });
    expect(filtersAny(none)).toBe(false);
  });
});
