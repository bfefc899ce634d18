// `rate`: rates every record of an Alpaca JSON or JSON Lines file with an LLM rater (lib/rating/rubric.ts's
// default rubric), no database. The output is the input in the same format and order, each record with
// `quality_score` (1 to 5, or null when no score could be read after one retry) and `quality_rationale`
// added; a summary (histogram, unparsed count) goes to stderr. Written whole or not at all.
// PHI: the records are screened before any request (the provider layer's gate); with a possible patient
// identifier in any, nothing is sent and the command names them, unless --accept-phi "REASON" is given (no
// database, so nothing to audit: the acceptance and the findings are printed to stderr).
import fs from "node:fs";
import path from "node:path";
import { type Command, CommanderError } from "commander";
import { fileSizeProblem, IMPORT_MAX_MB } from "@/lib/seeds/import/limits";
import { InputError, readRecords } from "./read-records";
import { UsageError, writeFileWhole } from "./shared";

type Opts = {
  in: string;
  out: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
  concurrency: string;
  retryBaseMs: string;
  acceptPhi?: string;
};

export function registerRate(program: Command): void {
  program
    .command("rate")
    .description("rate an Alpaca JSON or JSON Lines dataset with an LLM rater, 1 to 5 (no database)")
    .requiredOption(
      "--in <file>",
      `Alpaca records (instruction, input, output): JSON or JSON Lines, up to ${IMPORT_MAX_MB} MB`,
    )
    .requiredOption("--out <file>", "where the rated records go, in the input's format and order")
    .requiredOption("--base-url <url>", "an OpenAI-compatible server, e.g. http://localhost:8000/v1")
    .requiredOption("--model <name>", "the rater model")
    .option("--api-key <key>", "sent as a bearer token (default: OPENAI_API_KEY, or none)")
    .option("--concurrency <n>", "requests at a time", "4")
    .option("--retry-base-ms <ms>", "first wait before retrying a failed call; doubles with jitter", "1000")
    .option(
      "--accept-phi <reason>",
      "send records with possible patient identifiers anyway (the endpoint is cleared for PHI), with this reason; without it such a file is refused",
    )
    .exitOverride((error) => {
      throw error.exitCode === 1 ? new CommanderError(2, error.code, error.message) : error;
    })
    .action(async (opts: Opts) => {
      const started = performance.now();
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
        throw new UsageError(`--concurrency: give a whole number from 1 to 256 (got "${opts.concurrency}")`);
      const retryBaseMs = Number(opts.retryBaseMs);
      if (!Number.isInteger(retryBaseMs) || retryBaseMs < 1)
        throw new UsageError(
          `--retry-base-ms: give a whole number of milliseconds (got "${opts.retryBaseMs}")`,
        );
      try {
        new URL(opts.baseUrl);
      } catch {
        throw new UsageError(`--base-url: "${opts.baseUrl}" is not a URL (e.g. http://localhost:8000/v1)`);
      }
      const stat = fs.statSync(opts.in, { throwIfNoEntry: false });
      if (!stat?.isFile()) throw new UsageError(`--in: ${opts.in} is not a readable file`);
      const outDir = path.dirname(path.resolve(opts.out));
      if (!fs.existsSync(outDir)) throw new UsageError(`--out: the folder ${outDir} does not exist`);
      if (path.resolve(opts.out) === path.resolve(opts.in))
        throw new UsageError("--out: give a file other than --in");
      const tooBig = fileSizeProblem(stat.size);
      if (tooBig) throw new Error(`${opts.in}: ${tooBig}`);

      const first = fs.readFileSync(opts.in, "utf8").match(/\S/)?.[0];
      if (first !== "[" && first !== "{")
        throw new InputError(
          `${opts.in}: expected a JSON array ([{...}, ...]) or JSON Lines (one {...} per line)`,
        );
      const records: Record<string, unknown>[] = [];
      const problems: string[] = [];
      for await (const { line, index, value } of readRecords(opts.in)) {
        const bad = ["instruction", "output"].filter((k) => typeof value[k] !== "string");
        if (value.input !== undefined && typeof value.input !== "string") bad.push("input");
        if (bad.length)
          problems.push(`${opts.in} line ${line}: record ${index + 1} needs text in ${bad.join(" and ")}`);
        records.push(value);
      }
      if (problems.length)
        throw new InputError(
          [
            ...problems.slice(0, 10),
            ...(problems.length > 10 ? [`… and ${problems.length - 10} more`] : []),
          ].join("\n"),
        );

      const acceptPhi = opts.acceptPhi?.trim();
      if (opts.acceptPhi !== undefined && !acceptPhi)
        throw new UsageError(
          '--accept-phi: give the reason, e.g. --accept-phi "local model, no data leaves"',
        );
      const { createScreenedClient, describeBlock, PhiBlockedError } = await import(
        "@/lib/generation/provider"
      );
      const { mapConcurrent, rateRecord, ratingHistogram } = await import("@/lib/rating/rate");
      const { DEFAULT_RUBRIC } = await import("@/lib/rating/rubric");
      let accepted = 0;
      // Behind the PHI gate like every stored job's client; --accept-phi makes the endpoint trusted for this
      // run (the gate warns instead of refusing).
      const client = createScreenedClient(
        {
          kind: "openai-compatible",
          baseUrl: opts.baseUrl,
          apiKey: opts.apiKey ?? process.env.OPENAI_API_KEY,
        },
        {
          trusted: acceptPhi !== undefined,
          resolved: new Map(),
          onWarning: (blocks) => {
            accepted += blocks.length;
          },
        },
      );
      const sourceOf = (record: Record<string, unknown>, index: number) => ({
        targetType: "generated" as const,
        targetId: String(index),
        label: `record ${index + 1}`,
        fields: {
          instruction: record.instruction as string,
          input: record.input as string | undefined,
          output: record.output as string,
        },
      });
      try {
        client.screen(records.map(sourceOf));
      } catch (error) {
        if (!(error instanceof PhiBlockedError)) throw error;
        const inRecords = new Set(error.blocks.map((b) => b.source?.targetId)).size;
        throw new InputError(
          [
            `${opts.in}: nothing sent: ${error.blocks.length} possible patient identifier(s) in ${inRecords} record(s):`,
            ...error.blocks.slice(0, 10).map((b) => `  ${describeBlock(b)}`),
            ...(error.blocks.length > 10 ? [`  … and ${error.blocks.length - 10} more`] : []),
            'Replace them with placeholders (`npm run medseed -- phi scan` lists every one), or, for an endpoint cleared for PHI, pass --accept-phi "REASON".',
          ].join("\n"),
        );
      }
      if (accepted)
        console.error(
          `rate: ${accepted} possible patient identifier(s) sent to ${opts.baseUrl}, accepted: ${acceptPhi}`,
        );
      const { ratingContentHash } = await import("@/lib/rating/content-hash");
      let done = 0;
      // A text the file holds twice is rated once (the rating jobs do the same): one call, both records.
      const byText = new Map<string, ReturnType<typeof rateRecord>>();
      let repeated = 0;
      const rated = await mapConcurrent(records, concurrency, async (record, index) => {
        const text = {
          instruction: record.instruction as string,
          input: (record.input as string | undefined) ?? "",
          output: record.output as string,
        };
        const key = ratingContentHash(text);
        const earlier = byText.get(key);
        if (earlier) repeated++;
        const rating =
          earlier ??
          rateRecord(text, {
            client,
            model: opts.model,
            rubric: DEFAULT_RUBRIC,
            retryBaseMs,
            phiSources: [sourceOf(record, index)],
          });
        byText.set(key, rating);
        const outcome = await rating;
        done++;
        if (process.stderr.isTTY) process.stderr.write(`\rrate: ${done}/${records.length}`);
        return {
          ...record,
          quality_score: outcome.score,
          quality_rationale:
            outcome.score === null ? (outcome.problem ?? outcome.rationale) : outcome.rationale,
        };
      });
      if (process.stderr.isTTY) process.stderr.write("\n");

      async function* text(): AsyncGenerator<string> {
        if (first === "[") yield `${JSON.stringify(rated, null, 2)}\n`;
        else for (const r of rated) yield `${JSON.stringify(r)}\n`;
      }
      await writeFileWhole(opts.out, text());

      const { bins, unparsed } = ratingHistogram(rated.map((r) => r.quality_score));
      const widest = Math.max(1, ...bins.map((b) => b.count));
      const lines = bins
        .filter((b) => Number.isInteger(b.score) || b.count > 0)
        .map(
          (b) =>
            `  ${b.score.toFixed(1)} ${String(b.count).padStart(6)} ${"#".repeat(Math.round((b.count / widest) * 40))}`,
        );
      console.error(
        [
          `rate: ${records.length} records rated by ${opts.model} in ${((performance.now() - started) / 1000).toFixed(1)} s${repeated ? ` (${repeated} repeating an earlier record's text: rated once)` : ""}`,
          ...lines,
          `  unparsed ${unparsed}`,
        ].join("\n"),
      );
    });
}
