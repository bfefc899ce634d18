import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import { rougeLF1 } from "@/lib/rouge/score";
import { syntheticTasks } from "@/scripts/bench/dedup-bench";
import { npmRun } from "../support/run";

// `dedup` needs no database: no DATABASE_URL is passed, and none is started.
const dedup = (...args: string[]) => npmRun(["medseed", "--", "dedup", ...args], { DATABASE_URL: undefined });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-dedup-"));
const file = (name: string, content: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, content);
  return at;
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SEED = "Explain the first-line treatment of type 2 diabetes to a newly diagnosed patient.";
// AlpaCare's seed shape: topic, view, type, instruction, input, difficulty (as text).
const seeds = file(
  "med_seed.json",
  JSON.stringify(
    [
      {
        topic: "Endocrinology",
        view: "Patient",
        type: "Open-ended Q&A",
        instruction: SEED,
        input: "<noinput>",
        difficulty: "2",
      },
      {
        topic: "Cardiology",
        view: "Nurse",
        type: "Rewrites",
        instruction: "Rewrite this discharge note in plain language.",
        input: "Pt d/c'd on ASA.",
        difficulty: "3",
      },
    ],
    null,
    2,
  ),
);

const RECORDS = [
  {
    instruction: "List the warning signs of sepsis in older adults.",
    input: "",
    output: "Fever, confusion…",
  },
  // near-duplicate of the first seed: discarded with --against
  {
    instruction: "Explain the first line treatment of type 2 diabetes to a newly diagnosed patient.",
    input: "",
  },
  {
    instruction: "Describe how warfarin interacts with common antibiotics in older adults.",
    output: "…",
    extra: { kept: "as is" },
  },
  // near-duplicate of the first record: only this later one goes
  { instruction: "List the warning signs of sepsis in elderly adults.", input: "" },
];

type Out = Record<string, unknown> & {
  instruction: string;
  max_rouge_l: number;
  most_similar: string | null;
};

describe("npm run medseed -- dedup", () => {
  it("keeps a JSON array a JSON array: kept records in order, scores added, summary on stderr", async () => {
    const input = file("tasks.json", JSON.stringify(RECORDS, null, 2));
    const out = path.join(dir, "kept.json");
    const r = await dedup("--in", input, "--out", out, "--against", seeds);
    expect(r.stderr).not.toMatch(/medseed:/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^dedup: 4 in, 2 kept, 2 discarded \(threshold 0\.7, against 2 seeds\) in \d+\.\d s$/m,
    );
    expect(r.stdout).toBe("");

    const text = fs.readFileSync(out, "utf8");
    expect(text.startsWith('[\n  {\n    "instruction"')).toBe(true); // indent 2, as the input
    const kept = JSON.parse(text) as Out[];
    expect(kept.map((k) => k.instruction)).toEqual([RECORDS[0]?.instruction, RECORDS[2]?.instruction]);
    expect(kept[1]).toMatchObject({ output: "…", extra: { kept: "as is" } });
    const [a, b] = kept as [Out, Out];
    const seedScores = [SEED, "Rewrite this discharge note in plain language."].map((s) =>
      rougeLF1(a.instruction, s),
    );
    expect(a.max_rouge_l).toBe(Math.max(...seedScores));
    expect(a.most_similar).toBe(SEED);
    // the second kept record is compared with the seeds and the first kept record
    const candidates = [SEED, "Rewrite this discharge note in plain language.", a.instruction];
    const best = Math.max(...candidates.map((c) => rougeLF1(b.instruction, c)));
    expect(b.max_rouge_l).toBe(best);
    expect(best).toBeGreaterThan(0);
    expect(b.most_similar).toBe(candidates.find((c) => rougeLF1(b.instruction, c) === best));
    expect(fs.readdirSync(dir).some((f) => f.includes(".partial-"))).toBe(false);
  }, 60_000);

  it("decides a few thousand records on two threads as the deduper does on one", async () => {
    const tasks = syntheticTasks(3000, 7);
    const input = file(
      "many.jsonl",
      tasks.map((t, i) => `${JSON.stringify({ instruction: t, n: i })}\n`).join(""),
    );
    const out = path.join(dir, "many-kept.jsonl");
    const r = await dedup("--in", input, "--out", out, "--against", seeds, "--threads", "2");
    expect(r.stderr).not.toMatch(/medseed:/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^dedup: 3000 in, \d+ kept, \d+ discarded \(threshold 0\.7, against 2 seeds\) in \d+\.\d s on 2 threads$/m,
    );
    const deduper = new IncrementalDeduper(0.7);
    const seedTexts = [SEED, "Rewrite this discharge note in plain language."];
    for (const [i, s] of seedTexts.entries()) deduper.addReference(`s${i}`, s);
    const expected = tasks.flatMap((t, i) => {
      const d = deduper.offer(`r${i}`, t);
      const similar =
        d.mostSimilar === null
          ? null
          : d.mostSimilar.startsWith("s")
            ? seedTexts[Number(d.mostSimilar.slice(1))]
            : tasks[Number(d.mostSimilar.slice(1))];
      return d.kept ? [{ instruction: t, n: i, max_rouge_l: d.maxRougeL, most_similar: similar }] : [];
    });
    expect(expected.length).toBeLessThan(tasks.length); // some are near-duplicates
    const kept = fs
      .readFileSync(out, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(kept).toEqual(expected);
  }, 120_000);

  it("keeps JSON Lines JSON Lines, with no seeds and another threshold", async () => {
    const input = file("tasks.jsonl", `${RECORDS.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const out = path.join(dir, "kept.jsonl");
    const r = await dedup("--in", input, "--out", out, "--threshold", "0.95");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^dedup: 4 in, 4 kept, 0 discarded \(threshold 0\.95\) in \d+\.\d s$/m);
    const lines = fs.readFileSync(out, "utf8").split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe("");
    const kept = lines.slice(0, 4).map((l) => JSON.parse(l) as Out);
    expect(kept.map((k) => k.instruction)).toEqual(RECORDS.map((x) => x.instruction));
    expect(kept[0]).toMatchObject({ max_rouge_l: 0, most_similar: null });
    expect(kept[3]?.most_similar).toBe(RECORDS[0]?.instruction);
    expect(kept[3]?.max_rouge_l).toBe(rougeLF1(RECORDS[3]?.instruction ?? "", RECORDS[0]?.instruction ?? ""));
  }, 60_000);

  it("refuses bad input naming the line (exit 1) and bad flags (exit 2), writing nothing", async () => {
    const out = path.join(dir, "never.json");
    const broken = file(
      "broken.jsonl",
      '{"instruction": "Describe the stages of wound healing."}\n{"instruction": "This line is broken",\n',
    );
    const bad = await dedup("--in", broken, "--out", out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.jsonl line 2: Not valid JSON/);

    const noInstruction = file(
      "no-instruction.json",
      '[\n  {"instruction": "List red flags of back pain."},\n  {"prompt": "x"}\n]\n',
    );
    const missing = await dedup("--in", noInstruction, "--out", out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-instruction\.json line 3: record 2 has no instruction field/);

    const good = file("good.json", JSON.stringify(RECORDS));
    for (const args of [
      ["--in", good, "--out", out, "--threshold", "1.5"],
      ["--in", good, "--out", out, "--threshold", "high"],
      ["--in", good, "--out", out, "--threads", "3"],
      ["--in", good],
      ["--in", good, "--out", out, "--bogus"],
      ["--in", path.join(dir, "absent.json"), "--out", out],
      ["--in", good, "--out", path.join(dir, "no-such-folder", "x.json")],
    ]) {
      const r = await dedup(...args);
      expect(r.code, args.join(" ")).toBe(2);
    }
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);
});
