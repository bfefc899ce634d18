import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RevisionDiff } from "@/components/seeds/revision-diff";
import type { SeedRevisionView } from "@/lib/seeds/queries";

// The history's diff of two revisions: the status is worded as the pages word it ("Changes requested", not
// CHANGES_REQUESTED), as the task's status when each revision was saved.

const revision = (over: Partial<SeedRevisionView>): SeedRevisionView => ({
  instruction: "Explain the management of hyperkalaemia.",
  input: "",
  output: "",
  topic: "Nephrology",
  view: "Resident",
  taskType: "Open Q&A",
  difficulty: 3,
  note: "",
  sourceKind: "OWN_EXPERIENCE",
  citation: "",
  citationUrl: "",
  licence: "internal",
  adapted: false,
  version: 1,
  status: "DRAFT",
  change: "create",
  createdAt: new Date("2026-12-05T10:00:00Z"),
  editor: "Cleo",
  ...over,
});

describe("RevisionDiff", () => {
  it("words a status change with the status labels, as the status when saved", () => {
    const html = renderToStaticMarkup(
      createElement(RevisionDiff, {
        from: revision({}),
        to: revision({
          version: 2,
          status: "CHANGES_REQUESTED",
          instruction: "Explain the management of severe hyperkalaemia.",
        }),
      }),
    );
    expect(html).toContain("Status when saved");
    expect(html).toContain("Draft");
    expect(html).toContain("Changes requested");
    expect(html).not.toContain("CHANGES_REQUESTED");
    expect(html).toMatch(/\[added: <\/span>severe /);
  });
});
