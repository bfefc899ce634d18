import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PhiRefusal } from "@/app/(app)/exports/_components/phi-refusal";
import type { ErrorDetail } from "@/lib/errors";

// The Exports page's refusal for possible patient identifiers: each seed linked to its page with its findings;
// "Accept and export" only for whoever holds phi.accept, otherwise who may accept and who may resolve them.

const detail: ErrorDetail = {
  kind: "phi-unresolved",
  total: 4,
  fingerprint: "0".repeat(64),
  changed: false,
  seeds: [
    {
      id: "seed-1",
      instruction: "Engage the client Jessie in a conversation about cutting down on alcohol…",
      findings: [{ field: "instruction", category: "NAME", text: "Jessie" }],
    },
    {
      id: "seed-2",
      instruction: "Summarise this discharge letter.",
      findings: [
        { field: "input", category: "DATE", text: "03/14/2024" },
        { field: "input", category: "PHONE", text: "555-201-3344" },
      ],
    },
  ],
};

const render = (canAccept: boolean) =>
  renderToStaticMarkup(
    createElement(PhiRefusal, { detail, canAccept, onAccept: () => {}, pending: false }),
  ).replace(/<!-- -->/g, "");

describe("PhiRefusal", () => {
  it("links each refused seed by its instruction, with its findings, and counts the ones not listed", () => {
    const html = render(true);
    expect(html).toContain("Not exported: 4 seed tasks hold possible patient identifiers nobody resolved");
    expect(html).toMatch(/<a [^>]*href="\/seeds\/seed-1"[^>]*>Engage the client Jessie in a conversation/);
    expect(html).toMatch(/<a [^>]*href="\/seeds\/seed-2"[^>]*>Summarise this discharge letter\.<\/a>/);
    expect(html).toMatch(/NAME<\/span><code[^>]*>Jessie<\/code><span[^>]*>in instruction/);
    expect(html).toMatch(/PHONE<\/span><code[^>]*>555-201-3344<\/code><span[^>]*>in input/);
    expect(html).toContain("And 2 more seed tasks (the first 2 are listed)");
    expect(html).not.toContain("seed seed-1");
  });

  it("offers Accept and export, with a reason, to whoever may accept", () => {
    const html = render(true);
    expect(html).toMatch(/<label[^>]*>Reason for accepting them<\/label>/);
    expect(html).toContain(">Accept and export</button>");
    expect(html).toContain("accept the identifiers left in these 4 seed tasks");
  });

  it("says who may accept them, and who may resolve them, to anyone else", () => {
    const html = render(false);
    expect(html).not.toContain("Accept and export");
    expect(html).not.toContain("<textarea");
    expect(html).toContain(
      "Only reviewers, ML engineers and admins can accept possible identifiers for an export",
    );
    expect(html).toContain("reviewers and admins can mark them &quot;not PHI&quot;");
  });
});
