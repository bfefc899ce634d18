// `medseed generate`: a self-instruct job through the app's engine, printing progress.
import fs from "node:fs";
import path from "node:path";
import { type Command, CommanderError } from "commander";
import { AppError } from "@/lib/errors";
import { cliActor } from "./actor";
import { fileProblems, UsageError, withDatabase, writeFileWhole } from "./shared";

/** `generate --seeds`: the seed tasks of a file as `import` reads it (no database), ids "file:<record>". */
async function readSeedFile(file: string) {
  const { decodeImportFile, parseImportText } = await import("@/lib/seeds/import/parse");
  const { mapRecords } = await import("@/lib/seeds/import/map");
  const parsed = await parseImportText(
    decodeImportFile(new Uint8Array(fs.readFileSync(file))),
    undefined,
    file,
  );
  if (parsed.errors.length) throw fileProblems(file, parsed.errors);
  const mapped = await mapRecords(parsed.records, "DRAFT");
  if (mapped.errors.length)
    throw fileProblems(
      file,
      mapped.errors.map((e) => ({ line: e.line, message: e.message })),
    );
  return mapped.rows.map((r) => ({
    id: `file:${r.row}`,
    instruction: r.fields.instruction,
    input: r.fields.input ?? "",
    taskType: r.fields.taskType ?? "",
    topic: r.fields.topic ?? "",
    view: r.fields.view ?? "",
    difficulty: r.fields.difficulty ?? null,
  }));
}

export function registerGenerate(program: Command) {
  program
    .command("generate")
    .description("run a self-instruct generation job through the app's engine, printing progress")
    .option("--seeds <file>", "seed tasks from a file (any format import reads)")
    .option("--export <id>", "seed tasks of a recorded export (its number, e.g. 3, or its id)")
    .option("--resume <job>", "go on with a paused or interrupted job (its number or id)")
    .option("--target <n>", "how many tasks to keep", "100")
    .option(
      "--provider <kind>",
      "openai | openai-compatible | anthropic (default: openai-compatible with --base-url, else openai)",
    )
    .option("--base-url <url>", "the server's base URL, e.g. http://localhost:8000/v1")
    .option("--model <model>", "the model that writes tasks", "gpt-4")
    .option("--response-model <model>", "the model that writes responses", "gpt-3.5-turbo")
    .option(
      "--api-key <key>",
      "API key for this run (else OPENAI_API_KEY / ANTHROPIC_API_KEY / MEDSEED_LLM_API_KEY)",
    )
    .option("--concurrency <n>", "calls in flight at once", "8")
    .option("--per-request <n>", "tasks asked for per request", "12")
    .option("--threshold <f1>", "ROUGE-L threshold", "0.7")
    .option("--budget <usd>", "pause when the cost reaches this many dollars")
    .option("--seed <n>", "random seed for the seeds shown (replayable)")
    .option(
      "--phi-model-text <pause|warn>",
      "the PHI gate on text the model wrote: pause the job at a finding, or send it and log a warning (default pause; with --resume, changes it from now on)",
    )
    .option("--timeout <seconds>", "per-call timeout", "120")
    .option("--out <file>", "write the dataset here when the job completes")
    .option(
      "--format <format>",
      "alpaca (JSON {instruction, input, output}) | jsonl (tags and provenance)",
      "alpaca",
    )
    .option("--author <email>", "the account the job is recorded under (default: the only admin)")
    .exitOverride((error) => {
      throw error.exitCode === 1 ? new CommanderError(2, error.code, error.message) : error;
    })
    .action(async (opts: Record<string, string | undefined>) => {
      const sources = [opts.seeds, opts.export, opts.resume].filter((v) => v !== undefined);
      if (sources.length !== 1)
        throw new UsageError("give exactly one of --seeds FILE, --export ID or --resume JOB");
      if (opts.seeds !== undefined && !fs.statSync(opts.seeds, { throwIfNoEntry: false })?.isFile())
        throw new UsageError(`--seeds: ${opts.seeds} is not a readable file`);
      const format = opts.format?.trim().toLowerCase();
      if (format !== "alpaca" && format !== "jsonl")
        throw new UsageError(`--format: alpaca or jsonl (got "${opts.format}")`);
      if (opts.out !== undefined && !fs.existsSync(path.dirname(path.resolve(opts.out))))
        throw new UsageError(`--out: the folder ${path.dirname(path.resolve(opts.out))} does not exist`);
      const { jobSettingsSchema } = await import("@/lib/validation/generation");
      const parsed = jobSettingsSchema.safeParse({
        target: opts.target,
        perRequest: opts.perRequest,
        taskModel: opts.model,
        responseModel: opts.responseModel,
        provider: {
          kind: opts.provider ?? (opts.baseUrl ? "openai-compatible" : "openai"),
          baseUrl: opts.baseUrl ?? "",
        },
        concurrency: opts.concurrency,
        threshold: opts.threshold,
        budgetUsd: opts.budget,
        rngSeed: opts.seed,
        phiModelText: opts.phiModelText?.trim().toLowerCase(),
        requestTimeoutMs: opts.timeout === undefined ? undefined : Number(opts.timeout) * 1000,
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.message}`).join("\n"));
      // A job or an export is named by its number (as pages show it, #7) or by its id.
      const isNumber = (ref: string) => /^\d+$/.test(ref.trim());
      const fileSeeds = opts.seeds === undefined ? null : await readSeedFile(opts.seeds);
      await withDatabase(async () => {
        const { driveJob } = await import("@/lib/generation/engine/driver");
        const { getGenerationJob } = await import("@/lib/generation/use-cases/get-generation-job");
        const { pauseGenerationJob } = await import("@/lib/generation/use-cases/pause-generation-job");
        const { resumeGenerationJob } = await import("@/lib/generation/use-cases/resume-generation-job");
        const { startGenerationJob } = await import("@/lib/generation/use-cases/start-generation-job");
        const { downloadJobDataset } = await import("@/lib/dataset/use-cases/download-job-dataset");
        const actor = await cliActor(opts.author, "running this job");
        // This process drives the job itself (below), so the use cases queue nothing for a worker.
        const here = { driver: "caller" } as const;
        let jobId: string;
        if (opts.resume !== undefined) {
          const ref = opts.resume.trim();
          const job = await resumeGenerationJob(
            actor,
            {
              ...(isNumber(ref) ? { jobNumber: Number(ref) } : { jobId: ref }),
              // a budget given again raises the one the job may have paused at
              ...(opts.budget !== undefined ? { budgetUsd: parsed.data.budgetUsd } : {}),
              ...(opts.phiModelText !== undefined ? { phiModelText: parsed.data.phiModelText } : {}),
            },
            here,
          );
          jobId = job.id;
        } else {
          const ref = opts.export?.trim() ?? "";
          const source = fileSeeds
            ? { seeds: fileSeeds, seedSource: `file ${path.basename(opts.seeds ?? "")}` }
            : isNumber(ref)
              ? { exportNumber: Number(ref) }
              : { exportId: ref };
          const job = await startGenerationJob(actor, { ...source, settings: parsed.data }, here);
          jobId = job.id;
          console.error(`job #${job.number} created (${job.seedCount} seeds from ${job.seedSource})`);
        }
        const stop = new AbortController();
        const interrupt = () => stop.abort();
        process.removeAllListeners("SIGINT");
        process.once("SIGINT", interrupt);
        const timer = setInterval(async () => {
          const v = await getGenerationJob(actor, { jobId }).catch(() => null);
          if (v)
            console.error(
              `${v.state.toLowerCase()} ${Math.round(v.progress * 100)}%: kept ${v.keptCount}/${v.target}, responses ${v.responsesDone}, requests ${v.requests.ok} ok / ${v.requests.failedCalls} failed calls, discarded ${v.discardedCount}, $${v.costUsd.toFixed(4)}`,
            );
        }, 2000);
        let outcome: string;
        try {
          outcome = await driveJob(jobId, {
            signal: stop.signal,
            apiKey: opts.apiKey,
            log: (l) => console.error(l),
            // The records' cheap signals, as the app's worker computes them.
            onResponsesStored: async (taskIds) =>
              (await import("@/lib/rating/signals-store")).refreshSignals({ taskIds }),
          });
        } finally {
          clearInterval(timer);
        }
        const view = await getGenerationJob(actor, { jobId });
        const number = view?.number;
        if (outcome === "STOPPED") {
          // Paused as the UI's Pause button would (audited); a job no longer running is left as it is.
          await pauseGenerationJob(actor, { jobId, reason: "Interrupted from the command line." }).catch(
            (error: unknown) => {
              if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
            },
          );
          throw new Error(
            `interrupted: job #${number} is paused. Go on with: npm run medseed -- generate --resume ${number}`,
          );
        }
        if (outcome !== "COMPLETED")
          throw new Error(
            `job #${number} is ${outcome.toLowerCase()}${view?.error ? `: ${view.error}` : ""}. Fix it, then: npm run medseed -- generate --resume ${number}`,
          );
        console.error(
          `job #${number} completed: ${view?.keptCount} tasks kept, ${view?.discardedCount} discarded, $${view?.costUsd.toFixed(4)}`,
        );
        // The Datasets page reads the analysis precomputed; no worker may be running to make it.
        const { computeAnalysis } = await import("@/lib/dataset/analysis-store");
        const analysis = await computeAnalysis(jobId);
        if (analysis) console.error(`analysed ${analysis.generated.n} records in ${analysis.durationMs} ms`);
        if (opts.out !== undefined) {
          const dataset = await downloadJobDataset(actor, { jobId, format });
          if (!dataset) throw new Error(`job #${number} no longer exists`);
          await writeFileWhole(opts.out, dataset.chunks);
          console.error(`dataset (${format}) -> ${opts.out}`);
        }
      });
    });
}
