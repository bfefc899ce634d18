// `medseed dedup`: near-duplicate removal by ROUGE-L, no database.
import fs from "node:fs";
import path from "node:path";
import { type Command, CommanderError } from "commander";
import { fileProblems, UsageError } from "./shared";

/** The instruction of a record under any spelling the importer accepts ("instruction", "Instruction", ...). */
async function instructionReader(): Promise<(record: Record<string, unknown>) => unknown> {
  const { normaliseKey } = await import("@/lib/seeds/import/shape");
  return (record) => {
    if ("instruction" in record) return record.instruction;
    const key = Object.keys(record).find((k) => normaliseKey(k) === "instruction");
    return key === undefined ? undefined : record[key];
  };
}

/** `dedup --in`: a JSON array or JSON Lines of objects with an instruction, in file order. */
async function readDedupInput(file: string): Promise<{
  format: "json" | "jsonl";
  records: Record<string, unknown>[];
  instructions: string[];
}> {
  const { parseImportText } = await import("@/lib/seeds/import/parse");
  const { isRecord } = await import("@/lib/seeds/import/shape");
  const instructionOf = await instructionReader();
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    throw new Error(`${file}: not UTF-8 text`);
  }
  const first = text.match(/\S/)?.[0];
  if (first === undefined) throw new Error(`${file}: the file is empty`);
  if (first !== "[" && first !== "{")
    throw new Error(
      `${file}: expected a JSON array ([{...}, ...]) or JSON Lines (one {...} record per line)`,
    );
  const parsed = await parseImportText(text);
  if (parsed.errors.length) throw fileProblems(file, parsed.errors);
  const records: Record<string, unknown>[] = [];
  const instructions: string[] = [];
  const problems: { line: number; message: string }[] = [];
  for (const { line, row, value } of parsed.records) {
    const instruction = isRecord(value) ? instructionOf(value) : undefined;
    if (!isRecord(value) || typeof instruction !== "string") {
      const what = !isRecord(value)
        ? `is ${Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`}, not an object`
        : instruction === undefined
          ? "has no instruction field"
          : "has an instruction that is not text";
      problems.push({ line, message: `record ${row} ${what}` });
      continue;
    }
    records.push(value);
    instructions.push(instruction);
  }
  if (problems.length) throw fileProblems(file, problems);
  return { format: first === "[" ? "json" : "jsonl", records, instructions };
}

/** `dedup --against`: the instructions of a seed file, read as `import` reads it (no database). */
async function readSeedInstructions(file: string): Promise<string[]> {
  const { decodeImportFile, parseImportText } = await import("@/lib/seeds/import/parse");
  const { mapRecords } = await import("@/lib/seeds/import/map");
  const instructionOf = await instructionReader();
  const parsed = await parseImportText(
    decodeImportFile(new Uint8Array(fs.readFileSync(file))),
    undefined,
    file,
  );
  if (parsed.errors.length) throw fileProblems(file, parsed.errors);
  const instructions: string[] = [];
  const problems: { line: number; message: string }[] = [];
  for (const record of parsed.records) {
    const mapped = await mapRecords([record], "DRAFT");
    const row = mapped.rows[0];
    if (row) {
      instructions.push(row.fields.instruction);
      continue;
    }
    // Only the instruction matters here: a seed whose other fields would not import still counts.
    const fatal = mapped.errors.filter((e) => e.field === undefined || e.field === "instruction");
    const instruction = fatal.length ? undefined : instructionOf(record.value as Record<string, unknown>);
    if (typeof instruction === "string" && instruction.trim()) instructions.push(instruction.trim());
    else problems.push(...(fatal.length ? fatal : mapped.errors));
  }
  if (problems.length) throw fileProblems(file, problems);
  return instructions;
}

export function registerDedup(program: Command) {
  program
    .command("dedup")
    .description("remove near-duplicate instructions from a file by ROUGE-L, Alpaca's way (no database)")
    .requiredOption("--in <file>", "records with an instruction field: a JSON array or JSON Lines")
    .requiredOption(
      "--out <file>",
      "where the kept records go, in the input's format, with max_rouge_l and most_similar added",
    )
    .option(
      "--against <file>",
      "seed tasks to compare with too: any file import reads (AlpaCare, Self-Instruct, Alpaca, MedSeed; JSON, JSONL, CSV)",
    )
    .option("--threshold <f1>", "discard a record whose highest ROUGE-L F1 is above this (0 to 1)", "0.7")
    .option(
      "--threads <n>",
      "1 or 2: search on one core or two (same results); default 2 when a second core is idle (sampled for 60 ms at the start)",
    )
    // A missing or unknown flag is bad usage (exit 2), like the flags checked below.
    .exitOverride((error) => {
      throw error.exitCode === 1 ? new CommanderError(2, error.code, error.message) : error;
    })
    .action(
      async (opts: { in: string; out: string; against?: string; threshold: string; threads?: string }) => {
        const started = performance.now();
        const threshold = Number(opts.threshold.trim() || Number.NaN);
        if (!(threshold >= 0 && threshold <= 1))
          throw new UsageError(`--threshold: give a number from 0 to 1 (got "${opts.threshold}")`);
        if (opts.threads !== undefined && opts.threads !== "1" && opts.threads !== "2")
          throw new UsageError(`--threads: give 1 or 2 (got "${opts.threads}")`);
        for (const [flag, file] of [
          ["--in", opts.in],
          ["--against", opts.against],
        ] as const) {
          if (file !== undefined && !fs.statSync(file, { throwIfNoEntry: false })?.isFile())
            throw new UsageError(`${flag}: ${file} is not a readable file`);
        }
        const outDir = path.dirname(path.resolve(opts.out));
        if (!fs.existsSync(outDir)) throw new UsageError(`--out: the folder ${outDir} does not exist`);

        const seeds = opts.against === undefined ? [] : await readSeedInstructions(opts.against);
        const input = await readDedupInput(opts.in);
        const { dedupAll } = await import("@/lib/generation/dedup-parallel");
        let threads = 1;
        // Ids are positions: "s<i>" a seed, "r<i>" a record of the input.
        const decisions = await dedupAll(
          seeds.map((instruction, i) => ({ id: `s${i}`, instruction })),
          input.instructions.map((instruction, i) => ({ id: `r${i}`, instruction })),
          {
            threshold,
            threads: opts.threads === undefined ? undefined : opts.threads === "2" ? 2 : 1,
            onDone: (stats) => {
              threads = stats.threads;
            },
          },
        );
        const textOf = (id: string) =>
          (id.startsWith("s") ? seeds : input.instructions)[Number(id.slice(1))] as string;
        const kept: Record<string, unknown>[] = [];
        input.records.forEach((record, i) => {
          const decision = decisions[i] as (typeof decisions)[number];
          if (!decision.kept) return;
          kept.push({
            ...record,
            max_rouge_l: decision.maxRougeL,
            most_similar: decision.mostSimilar === null ? null : textOf(decision.mostSimilar),
          });
        });
        const discarded = input.records.length - kept.length;
        const tmp = `${opts.out}.partial-${process.pid}`;
        try {
          fs.writeFileSync(
            tmp,
            input.format === "json"
              ? `${JSON.stringify(kept, null, 2)}\n`
              : kept.map((record) => `${JSON.stringify(record)}\n`).join(""),
          );
          fs.renameSync(tmp, opts.out);
        } catch (error) {
          fs.rmSync(tmp, { force: true });
          throw error;
        }
        const against = opts.against === undefined ? "" : `, against ${seeds.length} seeds`;
        console.error(
          `dedup: ${input.records.length} in, ${kept.length} kept, ${discarded} discarded (threshold ${threshold}${against}) in ${((performance.now() - started) / 1000).toFixed(1)} s${threads === 2 ? " on 2 threads" : ""}`,
        );
      },
    );
}
