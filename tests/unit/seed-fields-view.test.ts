import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SeedFieldsView } from "@/components/seeds/seed-fields-view";
import type { SeedFields } from "@/lib/seeds/types";

// A task's read-only fields (its page, the review panel): an empty input says what it means to a clinician,
// not only the export's marker.

const seed: SeedFields = {
  instruction: "List three red flags of low back pain.",
  input: "",
  output: "Saddle anaesthesia, new urinary retention, fever with weight loss.",
  topic: "Orthopaedics",
  view: "Medical student",
  taskType: "Open-ended question",
  difficulty: 2,
  note: "",
  sourceKind: "ORIGINAL",
  licence: "CC-BY-4.0",
  citation: "",
  citationUrl: "",
  adapted: false,
};

const html = (s: SeedFields) => renderToStaticMarkup(createElement(SeedFieldsView, { seed: s }));

describe("SeedFieldsView", () => {
  it("says an empty input is none, and how it is exported", () => {
    expect(html(seed)).toContain("None (the task stands on its own; exported as &lt;noinput&gt;)");
  });

  it("shows an input as it is written", () => {
    const shown = html({ ...seed, input: "A 64-year-old with back pain for 3 weeks." });
    expect(shown).toContain("A 64-year-old with back pain for 3 weeks.");
    expect(shown).not.toContain("None (the task stands on its own");
  });
});
