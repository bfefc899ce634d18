import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PageJump } from "@/components/forms/filter-form";
import { recordQueryParams, recordQuerySchema } from "@/lib/validation/dataset";

// The record browser paged only by Next and Previous: the last of 17 pages meant editing the URL. "Go to page"
// is a GET form that must carry the filters in force and nothing of the page it is on.

describe("going to a page of the record browser", () => {
  it("keeps the filters and drops the page and its cursors; the page number is the only visible field", () => {
    const query = recordQuerySchema.parse({
      job: "j1",
      q: "warfarin dose",
      difficulty: "3",
      page: "4",
      after: "cursor-a",
      sort: "rouge",
    });
    const params = recordQueryParams({ ...query, page: 1, after: undefined, before: undefined });
    const html = renderToStaticMarkup(
      createElement(PageJump, { action: "/datasets/records", params, page: 4, pages: 17 }),
    );
    expect(html).toContain('action="/datasets/records"');
    expect(html).toContain('method="get"');
    expect(html).toContain('<input type="hidden" name="job" value="j1"/>');
    expect(html).toContain('<input type="hidden" name="q" value="warfarin dose"/>');
    expect(html).toContain('<input type="hidden" name="difficulty" value="3"/>');
    expect(html).not.toMatch(/name="(after|before)"/);
    expect(html.match(/name="page"/g)).toHaveLength(1);
    const pageField = html.match(/<input[^>]*name="page"[^>]*>/)?.[0] ?? "";
    for (const attribute of ['type="number"', 'min="1"', 'max="17"', 'value="4"'])
      expect(pageField).toContain(attribute);
    // What the form sends comes back as the query it was made from, on the page asked for.
    const sent = new URLSearchParams(params);
    sent.set("page", "17");
    const back = recordQuerySchema.parse(Object.fromEntries(sent));
    expect(back).toMatchObject({ job: "j1", q: "warfarin dose", difficulty: 3, page: 17 });
    expect(back.after).toBeUndefined();
  });
});
