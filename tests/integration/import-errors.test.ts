import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importSeeds, importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { fileSizeProblem, IMPORT_MAX_BYTES } from "@/lib/seeds/import/limits";
import { parseImportText } from "@/lib/seeds/import/parse";
import { fixture } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

async function importAs(
  bytes: Uint8Array | string,
  fileName = "file.json",
  status: "DRAFT" | "APPROVED" = "DRAFT",
) {
  const user = await makeUser({ roles: ["ADMIN"] });
  const opts = { fileName, status, actor: { id: user.id, roles: user.roles } };
  const report =
    typeof bytes === "string" ? await importSeeds(bytes, opts) : await importSeedsFromBuffer(bytes, opts);
  return { report, created: await db.seedTask.count({ where: { authorId: user.id } }) };
}

describe("import: malformed files name the line", () => {
  it("malformed JSON: the error points at the line where the comma is missing", async () => {
    const { report, created } = await importAs(fixture("malformed.json.txt"));
    expect(created).toBe(0);
    expect(report.committed).toBe(false);
    expect(report.format).toBe("json");
    expect(report.errors).toEqual([
      expect.objectContaining({
        line: 6,
        message: expect.stringMatching(/^Not valid JSON \(column 3\): Expected ","/),
      }),
    ]);
  });

  it("a .json or .jsonl file that is not JSON at all is said to be so, not read as CSV", async () => {
    const text = "\nThis is not json {{{\n";
    for (const [name, format, holds] of [
      ["tasks.json", "json", "an array of tasks, starting with ["],
      ["tasks.JSONL", "jsonl", "one task per line, each starting with {"],
    ] as const) {
      const { report, created } = await importAs(text, name);
      expect(created).toBe(0);
      expect(report.format).toBe(format);
      expect(report.errors).toEqual([
        {
          line: 2,
          message: `Not valid JSON: a .${format} file holds ${holds}, but this one starts with "This is not json {{{". Save it as JSON from your tool, or give it a .csv name if it is CSV.`,
        },
      ]);
    }
    // Named anything else, the content decides, as before: CSV, here without a usable header.
    const csv = await importAs(text, "tasks.txt");
    expect(csv.report.format).toBe("csv");
    expect(csv.created).toBe(0);
  });

  it("JSON Lines with one broken line: that line is named, and the good lines are not imported either", async () => {
    const { report, created } = await importAs(fixture("bad-line.jsonl"), "bad-line.jsonl");
    expect(created).toBe(0);
    expect(report.counts).toMatchObject({ rows: 3, valid: 2, errors: 1, toCreate: 0 });
    expect(report.errors).toEqual([expect.objectContaining({ line: 2, row: 2 })]);
  });

  it("an over-long instruction is refused with the limit named", async () => {
    const { report, created } = await importAs(fixture("too-long.json"));
    expect(created).toBe(0);
    expect(report.errors).toEqual([
      {
        line: 10,
        row: 2,
        field: "instruction",
        message: "Instruction is too long: 2,132 of at most 2,000 characters",
      },
    ]);
  });

  it("all or nothing: one bad row among good ones creates no rows at all", async () => {
    const { report, created } = await importAs(fixture("bad-row.json"));
    expect(created).toBe(0);
    expect(report.counts).toMatchObject({ rows: 3, valid: 2, errors: 1, created: 0 });
    expect(report.errors).toEqual([
      expect.objectContaining({
        line: 18,
        row: 3,
        field: "difficulty",
        message: "Difficulty must be from 1 to 5",
      }),
    ]);
    const good = (await import("@/lib/seeds/content-hash")).seedContentHash(
      "All-or-nothing check: a valid first row about eczema flare-ups.",
      "",
    );
    expect(await db.seedTask.count({ where: { contentHash: good } })).toBe(0);
  });

  it("an unknown task type is an error naming the type and the accepted ones", async () => {
    const text = JSON.stringify(
      [{ instruction: "Unknown type check.", type: "Interpretive dance" }],
      null,
      2,
    );
    const { report, created } = await importAs(text);
    expect(created).toBe(0);
    expect(report.errors[0]).toMatchObject({ line: 2, field: "type" });
    expect(report.errors[0]?.message).toMatch(
      /^Unknown type "Interpretive dance"\. Use one of: Text generation/,
    );
  });

  it("CSV without a header naming the columns, and CSV rows with too many fields", async () => {
    const noHeader = await importAs("Explain asthma.,<noinput>\nExplain gout.,<noinput>\n", "x.csv");
    expect(noHeader.report.errors).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/needs a header row naming its columns/),
      }),
    ]);
    const wide = await importAs(
      'instruction,input\n"ok, fine",x\nnot, quoted, here\n"fine too",y\n',
      "y.csv",
    );
    expect(wide.created).toBe(0);
    expect(wide.report.counts).toMatchObject({ rows: 3, valid: 2, errors: 1 });
    expect(wide.report.errors).toEqual([
      expect.objectContaining({ line: 3, row: 2, message: expect.stringMatching(/double quotes/) }),
    ]);
  });

  it("a record that is not an object, and text fields that are not text", async () => {
    const text = '[\n  "just a string",\n  {"instruction": {"nested": true}}\n]';
    const { report } = await importAs(text);
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 2, row: 1, message: expect.stringMatching(/must be an object/) }),
      expect.objectContaining({
        line: 3,
        row: 2,
        field: "instruction",
        message: expect.stringMatching(/must be text/),
      }),
    ]);
  });
});

describe("import: limits and encodings", () => {
  it("refuses a file over 50 MB before parsing it, naming its size and the limit", async () => {
    expect(fileSizeProblem(IMPORT_MAX_BYTES)).toBeNull();
    expect(fileSizeProblem(66_270_000)).toBe(
      "The file is 63.2 MB; the limit is 50 MB. Split it into smaller files.",
    );
    await expect(importAs(new Uint8Array(IMPORT_MAX_BYTES + 1))).rejects.toThrow(
      /The file is 50\.0 MB; the limit is 50 MB\. Split it into smaller files\./,
    );
  });

  it("refuses text that is not UTF-8, and an empty file", async () => {
    await expect(importAs(new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]))).rejects.toThrow(/not UTF-8/);
    expect((await importAs("  \n")).report.errors).toEqual([{ line: 1, message: "The file is empty." }]);
  });

  it("a NUL or half a surrogate pair (a \\ud800 escape in JSON) is an error on its line, not U+FFFD", async () => {
    const text = [
      '{"instruction": "Surrogate check: explain \\ud800 this."}',
      '{"instruction": "NUL check: explain this.", "note": "a\\u0000b"}',
      '{"instruction": "A good row beside them."}',
    ].join("\n");
    const { report, created } = await importAs(text, "bad-text.jsonl");
    expect(created).toBe(0);
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 1, field: "instruction", message: expect.stringMatching(/surrogate/) }),
      expect.objectContaining({ line: 2, field: "note", message: expect.stringMatching(/NUL/) }),
    ]);
  });

  it("reads a UTF-8 byte-order mark and CRLF line endings", async () => {
    const text =
      '\uFEFFinstruction,input\r\n"BOM and CRLF check, row one",<noinput>\r\nBOM and CRLF check row two,x\r\n';
    const { report, created } = await importAs(new TextEncoder().encode(text), "bom.csv");
    expect(report.errors).toEqual([]);
    expect(report.sample.map((s) => [s.line, s.input])).toEqual([
      [2, ""],
      [3, "x"],
    ]);
    expect(created).toBe(2);
  });
});

describe("parseImportText: where JSON goes wrong", () => {
  it.each([
    ['[\n  {"a": 1},\n  {"a": 2,}\n]', 3, /trailing comma/],
    ['[\n  {"a": "x"},\n  {"a": \'single\'}\n]', 3, /double quotes/],
    ['[\n  {"a": "unterminated}\n]', 2, /never closed|raw line break/],
    ['[\n  {"a": 1}\n', 3, /ends before it is complete/],
    ['[\n  {"a": 1}\n]\n]', 4, /after the end/],
  ])("%j fails on line %i", async (text, line, message) => {
    const parsed = await parseImportText(text);
    expect(parsed.records).toEqual([]);
    expect(parsed.errors[0]?.line).toBe(line);
    expect(parsed.errors[0]?.message).toMatch(message);
  });

  it("a single pretty-printed object is one record; a wrapper object is explained", async () => {
    const parsed = await parseImportText('{\n  "instruction": "One task"\n}\n');
    expect(parsed).toMatchObject({ format: "json", records: [{ line: 1, row: 1 }], errors: [] });
    const wrapped = await parseImportText('{\n  "tasks": [{"instruction": "One task"}]\n}\n');
    expect(wrapped.errors[0]?.message).toMatch(/top-level array/);
  });
});
