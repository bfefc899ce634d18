import { PHI_CATEGORIES } from "@/lib/phi/categories";
import { detectPhi, screenRecord } from "@/lib/phi/detect";
import { CLEAN_FLAGGED_MAX, loadCorpus, measure, targetOf } from "@/tests/fixtures/phi/accuracy";
import { ms, pct } from "./stats";

// PHI screening: accuracy on the labelled corpus (tests/fixtures/phi), 52,000 records screened (a
// MedInstruct-52k-sized dataset, made of the corpus's records over and over) against a baseline that only
// walks the same text with one trivial regex, and the editor's check on seed-sized texts.
const DATASET = 52_000;
const DATASET_GOAL_S = 20;
const EDITOR_GOAL_MS = 50;

const mark = (ok: boolean) => (ok ? "PASS" : "MISSED");
const TRIVIAL = /\d{3}-\d{2}-\d{4}/g; // an SSN shape: what a screen with no cost beyond reading the text does

function trivialScan(record: Record<string, string>): number {
  let n = 0;
  for (const value of Object.values(record))
    if (typeof value === "string") n += value.match(TRIVIAL)?.length ?? 0;
  return n;
}

export function benchPhi(): void {
  const corpus = loadCorpus();
  const coldStart = performance.now();
  detectPhi("Mrs. Maria Gonzalez was admitted on 03/14/2021.");
  const cold = performance.now() - coldStart;

  const acc = measure(corpus, screenRecord);
  console.log(
    `\nPHI screen accuracy on the labelled corpus (${corpus.filter((r) => r.kind === "phi").length} records with identifiers, ${acc.clean.total} clean)`,
  );
  console.log("  record-level recall per category:");
  for (const [group, t] of [...acc.recall].sort()) {
    const r = t.found / t.total;
    console.log(
      `    ${group.padEnd(18)} ${r.toFixed(3)}  (${t.found}/${t.total})  target >= ${targetOf(group)}: ${mark(r >= targetOf(group))}`,
    );
  }
  const share = acc.clean.flagged / acc.clean.total;
  console.log(
    `  clean records flagged: ${acc.clean.flagged}/${acc.clean.total} = ${(share * 100).toFixed(1)}%  target <= ${CLEAN_FLAGGED_MAX * 100}%: ${mark(share <= CLEAN_FLAGGED_MAX)}`,
  );
  console.log(`  identifiers found with exactly their span: ${acc.exact.found}/${acc.exact.total}`);
  for (const m of acc.misses.slice(0, 5))
    console.log(
      `  missed ${m.label.category} (${m.label.form}): "${m.text.slice(m.label.start, m.label.end)}" in "${m.text.slice(0, 80)}…"`,
    );

  // 52,000 MedInstruct-sized records (about 600 characters each), made of the corpus's texts: an
  // instruction, two inputs and an output from different records, as JSON lines the way the CLI reads them.
  const at = (i: number) => (corpus[i % corpus.length] as (typeof corpus)[number]).record;
  const lines = Array.from({ length: DATASET }, (_, i) =>
    JSON.stringify({
      instruction: at(i).instruction,
      input: `${at(i * 7 + 1).input} ${at(i * 13 + 2).input}`,
      output: `${at(i * 17 + 3).output || at(i * 17 + 3).input} ${at(i * 19 + 4).input}`,
    }),
  );
  const chars = lines.reduce((n, l) => n + l.length, 0);
  let t0 = performance.now();
  let baselineHits = 0;
  for (const l of lines) baselineHits += trivialScan(JSON.parse(l));
  const baseline = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const counts = new Map(PHI_CATEGORIES.map((c) => [c, 0]));
  for (const l of lines)
    for (const f of screenRecord(JSON.parse(l))) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  const ours = (performance.now() - t0) / 1000;
  console.log(
    `\nPHI screen of ${DATASET.toLocaleString("en-US")} records (${(chars / 1e6).toFixed(1)} M characters of JSON, ${Math.round(chars / DATASET)} a record)`,
  );
  console.log(
    `  ours: ${ours.toFixed(2)} s (${((ours / DATASET) * 1e6).toFixed(0)} µs a record)   target: under ${DATASET_GOAL_S} s: ${mark(ours < DATASET_GOAL_S)}`,
  );
  console.log(
    `  baseline (JSON.parse of each line, one trivial regex over its fields): ${baseline.toFixed(2)} s, ${baselineHits} matches`,
  );
  console.log(`  ratio (ours / baseline): ${(ours / baseline).toFixed(1)}x`);
  console.log(`  first call in this process (loads compromise's lexicon): ${ms(cold)}`);

  // The editor's check: one seed (instruction, input, output) of 1.5 to 3 KB, screened as the author types.
  const phi = corpus.filter((r) => r.kind === "phi");
  const clean = corpus.filter((r) => r.kind === "clean");
  const seeds = Array.from({ length: 300 }, (_, i) => {
    const parts = Array.from(
      { length: 24 },
      (_, k) =>
        (k % 3 === 0 ? phi : clean)[(i * 7 + k * 13) % (k % 3 === 0 ? phi.length : clean.length)]?.record
          .input ?? "",
    );
    return {
      instruction: "Rewrite the following clinical note in plain language for the patient.",
      input: parts.join(" "),
      output: parts.slice(0, 8).join(" "),
    };
  });
  const size =
    seeds.reduce((n, s) => n + s.input.length + s.output.length + s.instruction.length, 0) / seeds.length;
  const ourTimes: number[] = [];
  const baseTimes: number[] = [];
  for (const s of seeds) {
    let t = performance.now();
    screenRecord(s);
    ourTimes.push(performance.now() - t);
    t = performance.now();
    trivialScan(s);
    baseTimes.push(performance.now() - t);
  }
  console.log(
    `\nPHI editor check: ${seeds.length} seed-sized texts (${(size / 1024).toFixed(1)} KB on average)`,
  );
  console.log(
    `  ours      p50 ${ms(pct(ourTimes, 50))}  p95 ${ms(pct(ourTimes, 95))}   target: p95 under ${EDITOR_GOAL_MS} ms: ${mark(pct(ourTimes, 95) < EDITOR_GOAL_MS)}`,
  );
  console.log(`  baseline  p50 ${ms(pct(baseTimes, 50))}  p95 ${ms(pct(baseTimes, 95))} (one trivial regex)`);
}
