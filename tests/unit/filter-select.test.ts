import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FilterSelect } from "@/components/forms/filter-select";

// A filter menu shows the filter in force even when it does not offer that value (a proposed topic, a shared
// link): "Any" there, and the next "Apply filters" dropped the filter.

const html = (value?: string) =>
  renderToStaticMarkup(
    createElement(FilterSelect, {
      name: "topic",
      label: "Topic",
      value,
      options: [
        ["Cardiology", "Cardiology"],
        ["Nephrology", "Nephrology"],
      ],
    }),
  );

describe("FilterSelect", () => {
  it("offers and selects a value in force that its options lack", () => {
    const out = html("Pharmacology");
    expect(out).toContain('<option value="Pharmacology" selected="">Pharmacology</option>');
    expect(out).not.toContain('<option value="" selected="">');
  });

  it("adds nothing for a value it offers, or for no value", () => {
    expect(html("Nephrology").match(/<option /g)).toHaveLength(3);
    expect(html("Nephrology")).toContain('<option value="Nephrology" selected="">');
    expect(html().match(/<option /g)).toHaveLength(3);
  });
});
