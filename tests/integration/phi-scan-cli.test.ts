import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PHI_CATEGORIES } from "@/lib/phi/categories";
import { loadCorpus } from "../fixtures/phi/accuracy";
import { npmRun } from "../support/run";

// `phi scan` needs no database: no DATABASE_URL is passed, and none is started.
const scan = (args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000) =>
  npmRun(["medseed", "--", "phi", "scan", ...args], { DATABASE_URL: undefined, ...env }, timeoutMs);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-phi-"));
const at = (name: string) => path.join(dir, name);
const write = (name: string, content: string | Buffer) => {
  fs.writeFileSync(at(name), content);
  return at(name);
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const records = loadCorpus()
  .slice(0, 120)
  .map((r) => r.record);
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const asCsv = (rs: Record<string, string>[]) =>
  `instruction,input,output\n${rs.map((r) => [r.instruction, r.input, r.output].map((v) => csvCell(v ?? "")).join(",")).join("\n")}\n`;

type Line = {
  index: number;
  findings: { field: string; start: number; end: number; category: string; text: string }[];
};
const readLines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);
/** No output file and no partial file left beside it. */
const nothingWritten = (out: string) => {
  expect(fs.existsSync(out)).toBe(false);
  expect(
    fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith(`${path.basename(out)}.partial`)),
  ).toEqual([]);
};

describe("medseed phi scan", () => {
  it("writes one line per record in input order, the same for a JSON array, JSON Lines and CSV", async () => {
    const inputs = {
      json: write("seeds.json", JSON.stringify(records, null, 2)),
      jsonl: write("seeds.jsonl", records.map((r) => JSON.stringify(r)).join("\n")),
      csv: write("seeds.csv", asCsv(records)),
    };
    const outputs: string[] = [];
    for (const [kind, file] of Object.entries(inputs)) {
      const out = at(`findings-${kind}.jsonl`);
      const run = await scan(["--in", file, "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/phi scan: 120 records, \d+ with findings/);
      for (const c of PHI_CATEGORIES) expect(run.stderr).toMatch(new RegExp(`^  ${c} +\\d+$`, "m"));
      outputs.push(fs.readFileSync(out, "utf8"));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);

    const lines = readLines(at("findings-json.jsonl"));
    expect(lines.map((l) => l.index)).toEqual(records.map((_, i) => i));
    for (const line of lines) {
      const record = records[line.index] as Record<string, string>;
      for (const f of line.findings) {
        expect(Object.keys(f)).toEqual(["field", "start", "end", "category", "text"]);
        expect(PHI_CATEGORIES).toContain(f.category);
        expect(record[f.field]?.slice(f.start, f.end)).toBe(f.text);
      }
    }
    // The corpus puts a name first: "Lars Dubois is a 58-year-old man ...".
    expect(
      lines.slice(0, 40).filter((l) => l.findings.some((f) => f.category === "NAME")).length,
    ).toBeGreaterThan(30);
  });

  it("refuses a file that is not there or not a file (exit 2, naming --in), writing nothing", async () => {
    for (const input of [at("missing.json"), dir]) {
      const out = at("never.jsonl");
      const run = await scan(["--in", input, "--out", out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--in: ${input} is not a readable file`);
      nothingWritten(out);
    }
  });

  it("refuses a 60 MB file before reading it (exit 1), writing nothing", async () => {
    const big = at("huge.jsonl");
    fs.closeSync(fs.openSync(big, "w"));
    fs.truncateSync(big, 60 * 1024 * 1024);
    const out = at("huge-findings.jsonl");
    const run = await scan(["--in", big, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("The file is 60.0 MB; the limit is 50 MB. Split it into smaller files.");
    nothingWritten(out);
  });

  it("refuses a binary file and a file that is not UTF-8 (exit 1), leaving an existing --out as it was", async () => {
    const png = write(
      "photo.png",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    const latin1 = write("latin1.csv", Buffer.from("instruction\nCaf\xe9 au lait for Mr. Smith\n", "latin1"));
    const out = write("kept.jsonl", "earlier findings\n");
    for (const [file, message] of [
      [png, "a binary file (a NUL byte at byte 9)"],
      [latin1, "not UTF-8 text"],
    ] as const) {
      const run = await scan(["--in", file, "--out", out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain(`nothing was written to ${out}`);
      expect(fs.readFileSync(out, "utf8")).toBe("earlier findings\n");
    }
  });

  it("stops at a malformed record far into the file with its line, and writes nothing", async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify(records[i % records.length]));
    lines[4321] = '{"instruction": "Explain gout", "input": "x",}';
    const file = write("broken.jsonl", lines.join("\n"));
    const out = at("broken-findings.jsonl");
    const run = await scan(["--in", file, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${file} line 4322: not valid JSON: Unexpected "}" after a comma (trailing comma?)`,
    );
    nothingWritten(out);

    const notObjects = write("numbers.json", "[1, 2, 3]");
    const again = await scan(["--in", notObjects, "--out", out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("record 1 is a number, not an object");
    nothingWritten(out);
  });

  it("names a missing flag as bad usage (exit 2)", async () => {
    const run = await scan(["--in", at("seeds.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--out");
  });

  it("streams: a 45 MB JSON array is screened within a 64 MB heap, where reading it whole runs out", async () => {
    const file = at("large.json");
    const fd = fs.openSync(file, "w");
    fs.writeSync(fd, "[\n");
    let count = 0;
    let bytes = 0;
    while (bytes < 45 * 1024 * 1024) {
      const line = `${count ? "," : ""}${JSON.stringify(records[count % records.length])}\n`;
      fs.writeSync(fd, line);
      bytes += Buffer.byteLength(line);
      count++;
    }
    fs.writeSync(fd, "]\n");
    fs.closeSync(fd);
    const heap = "--max-old-space-size=64";

    // The control: the same file read whole (as the importer reads a file) does not fit in that heap.
    const whole = spawnSync(
      process.execPath,
      [
        heap,
        "-e",
        `const t = require("fs").readFileSync(${JSON.stringify(file)}, "utf8"); console.log(JSON.parse(t).length);`,
      ],
      { encoding: "utf8" },
    );
    expect(whole.status).not.toBe(0);
    expect(whole.stderr).toMatch(/heap out of memory/);

    const out = at("large-findings.jsonl");
    const run = await scan(["--in", file, "--out", out], { NODE_OPTIONS: heap }, 360_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`phi scan: ${count} records`);
    let n = 0;
    for (const l of fs.readFileSync(out, "utf8").split("\n")) if (l) n++;
    expect(n).toBe(count);
  }, 400_000);
});
