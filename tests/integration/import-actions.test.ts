import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ImportWizard } from "@/app/(app)/seeds/import/_components/import-wizard";
import { IssuesTables } from "@/app/(app)/seeds/import/_components/issues-tables";
import { ReportSummary } from "@/app/(app)/seeds/import/_components/report-summary";
import { SampleTable } from "@/app/(app)/seeds/import/_components/sample-table";
import { commitImportAction, importJobAction, startImportAction } from "@/app/(app)/seeds/import/actions";
import { db } from "@/lib/db";
import type { ImportReport } from "@/lib/seeds/import/types";
import { fixture } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

isolateDatabase();

function upload(name: string, status?: string, bytes: Uint8Array = fixture(name)) {
  const form = new FormData();
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
  if (status) form.set("status", status);
  return form;
}

/** Upload (checked at once: a small file), then import from the job: the two steps of the page. */
async function uploadAndImport(form: FormData) {
  const started = await startImportAction(form);
  if (!started.ok) return started;
  expect(started.data).toMatchObject({ state: "READY" });
  return commitImportAction({ id: started.data.id });
}

describe("seed import server actions", () => {
  it("need a signed-in account allowed to import", async () => {
    signInAs(null);
    expect(await startImportAction(upload("alpaca.json"))).toMatchObject({
      ok: false,
      code: "UNAUTHENTICATED",
    });
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    expect(await startImportAction(upload("alpaca.json"))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await commitImportAction({ id: "any" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await importJobAction({ id: "any" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await db.seedTask.count()).toBe(0);
  });

  it("an author may import drafts but not approved tasks, even by calling the action directly", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const refused = await startImportAction(upload("alpacare.json", "APPROVED"));
    expect(refused).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(refused.ok ? "" : refused.message).toMatch(/Only admins can import tasks as approved/);
    expect(await db.seedTask.count({ where: { authorId: author.id } })).toBe(0);

    const preview = await startImportAction(upload("alpacare.json"));
    expect(preview).toMatchObject({
      ok: true,
      data: { state: "READY", report: { committed: false, counts: { toCreate: 6 } } },
    });
    const done = await uploadAndImport(upload("alpacare.json", "DRAFT"));
    expect(done).toMatchObject({
      ok: true,
      data: { state: "COMMITTED", report: { committed: true, counts: { created: 6 } } },
    });
    expect(await db.seedTask.count({ where: { authorId: author.id, status: "DRAFT" } })).toBe(6);
  });

  it("an admin imports as approved; a file with errors is refused at the import, naming the line", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    signInAs(admin);
    const ok = await uploadAndImport(upload("medseed.csv", "APPROVED"));
    expect(ok).toMatchObject({ ok: true, data: { state: "COMMITTED", report: { counts: { created: 3 } } } });
    expect(await db.seedTask.count({ where: { authorId: admin.id, status: "APPROVED" } })).toBe(3);

    const bad = await uploadAndImport(upload("bad-row.json", "DRAFT"));
    expect(bad).toMatchObject({ ok: false, code: "INVALID" });
    expect(bad.ok ? "" : bad.message).toMatch(
      /^Nothing was imported: 1 row has errors\. line 18 \(row 3\), difficulty/,
    );
    expect(await db.seedTask.count({ where: { authorId: admin.id } })).toBe(3);
  });

  it("refuses a file over the limit with the size named, a missing file and a non-UTF-8 one", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const big = await startImportAction(upload("big.json", "DRAFT", new Uint8Array(50 * 1024 * 1024 + 1)));
    expect(big).toMatchObject({
      ok: false,
      code: "INVALID",
      message: expect.stringMatching(/limit is 50 MB/),
    });
    const none = await startImportAction(new FormData());
    expect(none).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { file: ["Choose a file to import"] },
    });
    const latin1 = await startImportAction(upload("x.csv", "DRAFT", new Uint8Array([105, 110, 0xe9, 10])));
    expect(latin1).toMatchObject({ ok: false, code: "INVALID", message: expect.stringMatching(/not UTF-8/) });
  });
});

describe("the preview shows file content as text", () => {
  it("HTML and script in a field are escaped, never markup", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const text = JSON.stringify([
      {
        instruction: '<img src=x onerror="alert(1)"> escape check <script>alert(2)</script>',
        type: "<b>Dance</b>",
      },
      { instruction: "<script>alert(3)</script> second row", type: "Chat" },
    ]);
    const result = await startImportAction(upload("<i>x</i>.json", "DRAFT", new TextEncoder().encode(text)));
    if (!result.ok || !result.data.report) throw new Error(result.ok ? "no report" : result.message);
    const report: ImportReport = result.data.report;
    const html = renderToStaticMarkup(
      createElement("div", null, [
        createElement(ReportSummary, { report, key: "s" }),
        createElement(IssuesTables, { report, key: "i" }),
        createElement(SampleTable, { rows: report.sample, total: report.counts.valid, key: "t" }),
      ]),
    );
    expect(report.errors[0]?.message).toContain('Unknown type "<b>Dance</b>"');
    expect(html).toContain("&lt;script&gt;alert(3)&lt;/script&gt; second row");
    expect(html).toContain("Unknown type &quot;&lt;b&gt;Dance&lt;/b&gt;&quot;");
    expect(html).toContain("&lt;i&gt;x&lt;/i&gt;.json");
    expect(html).not.toMatch(/<script|<img|<b>|<i>/);
  });
});

describe("the import page", () => {
  it("offers Approved only to those allowed to import approved tasks", () => {
    const admin = renderToStaticMarkup(createElement(ImportWizard, { canApprove: true }));
    expect(admin).toMatch(/<label[^>]*>Seed file<\/label>/);
    expect(admin).toContain('value="APPROVED"');
    const author = renderToStaticMarkup(createElement(ImportWizard, { canApprove: false }));
    expect(author).not.toContain('value="APPROVED"');
    expect(author).toContain("Imported tasks start as drafts.");
  });
});
