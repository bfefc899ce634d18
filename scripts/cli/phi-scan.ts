// `phi scan`: screens every record of a seed file or dataset for identifiers (HIPAA Safe Harbor kinds) and
// writes one JSON line per record, in input order:
//   {"index": 0, "findings": [{"field": "input", "start": 12, "end": 22, "category": "NAME", "text": "..."}]}
// `index` counts records from 0; `field` is the record's own key; `start`/`end` are JavaScript string
// offsets into that field's text. Counts per category go to stderr. No database. Streams: the input is
// read record by record and the output written as it goes (to a partial file renamed at the end).
import fs from "node:fs";
import path from "node:path";
import { type Command, CommanderError } from "commander";
import { PHI_CATEGORIES, type PhiCategory } from "@/lib/phi/categories";
import { fileSizeProblem, IMPORT_MAX_MB } from "@/lib/seeds/import/limits";
import { InputError, readRecords } from "./read-records";
import { UsageError, writeFileWhole } from "./shared";

const FLUSH_AT = 256 * 1024; // characters of output gathered before a write

export function registerPhiScan(program: Command): void {
  const phi = program.command("phi").description("screen text for patient identifiers (no database)");
  phi
    .command("scan")
    .description("screen every record of a file for identifiers; one JSON line of findings per record")
    .requiredOption(
      "--in <file>",
      `a seed file any format import reads, or an Alpaca JSON / JSON Lines dataset (up to ${IMPORT_MAX_MB} MB)`,
    )
    .requiredOption("--out <file>", "where the findings go, as JSON Lines (written whole, or not at all)")
    // A missing or unknown flag is bad usage (exit 2), like the flags checked below.
    .exitOverride((error) => {
      throw error.exitCode === 1 ? new CommanderError(2, error.code, error.message) : error;
    })
    .action(async (opts: { in: string; out: string }) => {
      const started = performance.now();
      const stat = fs.statSync(opts.in, { throwIfNoEntry: false });
      if (!stat?.isFile()) throw new UsageError(`--in: ${opts.in} is not a readable file`);
      try {
        fs.accessSync(opts.in, fs.constants.R_OK);
      } catch {
        throw new UsageError(`--in: ${opts.in} cannot be read (permission denied)`);
      }
      const outDir = path.dirname(path.resolve(opts.out));
      if (!fs.existsSync(outDir)) throw new UsageError(`--out: the folder ${outDir} does not exist`);
      if (path.resolve(opts.out) === path.resolve(opts.in))
        throw new UsageError("--out: give a file other than --in");
      const tooBig = fileSizeProblem(stat.size);
      if (tooBig) throw new Error(`${opts.in}: ${tooBig}`);

      // The detector (and compromise's lexicon) loads only when there is a file to screen.
      const { screenRecord } = await import("@/lib/phi/detect");
      const counts = new Map<PhiCategory, number>(PHI_CATEGORIES.map((c) => [c, 0]));
      let records = 0;
      let withFindings = 0;
      async function* lines(): AsyncGenerator<string> {
        let out = "";
        for await (const { index, value } of readRecords(opts.in)) {
          const findings = screenRecord(value);
          records++;
          if (findings.length) withFindings++;
          for (const f of findings) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
          out += `${JSON.stringify({ index, findings })}\n`;
          if (out.length >= FLUSH_AT) {
            yield out;
            out = "";
          }
        }
        if (out) yield out;
      }
      try {
        await writeFileWhole(opts.out, lines());
      } catch (error) {
        if (error instanceof InputError)
          throw new Error(`${error.message}\nnothing was written to ${opts.out}`);
        throw error;
      }
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.error(
        `phi scan: ${records} records, ${withFindings} with findings, ${total} findings in ${seconds} s -> ${opts.out}`,
      );
      for (const [category, n] of counts) console.error(`  ${category.padEnd(12)} ${n}`);
      console.error("Screened, not guaranteed free of identifiers: review the findings and the text.");
    });
}
