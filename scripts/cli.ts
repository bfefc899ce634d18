// The MedSeed command line: `npm run medseed -- --help`.
// Uses the app's database: DATABASE_URL when set, otherwise the embedded one (the running app's when it
// is up, or started and migrated for the command and stopped after it).
import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { z } from "zod";
import { applyMigrations } from "@/lib/db/migrate";
import { AppError } from "@/lib/errors";
import { createUserSchema } from "@/lib/validation/user";
import { type Database, openDatabase } from "./lib/embedded-db";

class UsageError extends Error {}

/** Writes `out` from the chunks, or not at all: into a partial file renamed at the end, removed on failure. */
async function* readAll(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
}

async function writeFileWhole(
  out: string,
  source: AsyncIterable<string | Uint8Array> | ReadableStream<Uint8Array>,
): Promise<void> {
  const chunks = source instanceof ReadableStream ? readAll(source) : source;
  const tmp = `${out}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  let open = true;
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === "string") fs.writeSync(fd, chunk);
      else fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);
    open = false;
    fs.renameSync(tmp, out);
  } catch (error) {
    if (open) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  let db: Database | null = null;
  const interrupted = async () => {
    await db?.stop();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    db = await openDatabase({ log: (l) => console.error(`[db] ${l}`) });
    const { applied, warnings } = await applyMigrations(db.url);
    for (const w of warnings) console.error(`[db] warning: ${w}`);
    if (applied.length) console.error(`[db] applied migrations: ${applied.join(", ")}`);
    process.env.DATABASE_URL = db.url;
    return await work();
  } finally {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb().catch(() => {});
    await db?.stop();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

const program = new Command()
  .name("medseed")
  .description("MedSeed command line. Run through npm: npm run medseed -- <command> [options]")
  .showHelpAfterError()
  .exitOverride();

const user = program.command("user").description("manage accounts");

user
  .command("create")
  .description("create an account (for scripted set-ups)")
  .requiredOption("--email <email>", "sign-in email")
  .option("--password <password>", "password (at least 10 characters); or use --password-stdin")
  .option("--password-stdin", "read the password from standard input (keeps it out of the process list)")
  .addOption(
    new Option("--role <role>", "author | reviewer | admin; repeat for several roles")
      .argParser((v: string, prev: string[] = []) => [...prev, v.toUpperCase()])
      .makeOptionMandatory(),
  )
  .option("--name <name>", "display name")
  .action(
    async (opts: {
      email: string;
      password?: string;
      passwordStdin?: boolean;
      role: string[];
      name?: string;
    }) => {
      if (!opts.password && !opts.passwordStdin)
        throw new UsageError("give --password <password> or --password-stdin");
      const password = opts.passwordStdin ? await readStdin() : opts.password;
      const parsed = createUserSchema.safeParse({
        email: opts.email,
        password,
        roles: opts.role,
        name: opts.name,
      });
      if (!parsed.success) {
        const fields = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
        const flag = (k: string) => (k === "roles" ? "--role" : `--${k}`);
        throw new UsageError(
          Object.entries(fields)
            .map(([k, v]) => `${flag(k)}: ${v.join("; ")}`)
            .join("\n"),
        );
      }
      await withDatabase(async () => {
        const { createUser } = await import("@/lib/users/create-user");
        const created = await createUser(parsed.data, null);
        console.log(`created ${created.email} (${created.roles.join(", ").toLowerCase()}) id=${created.id}`);
      });
    },
  );

user
  .command("list")
  .description("list accounts with their roles")
  .action(async () => {
    await withDatabase(async () => {
      const { listUsers } = await import("@/lib/users/manage-user");
      for (const u of await listUsers()) {
        console.log(`${u.email}\t${u.roles.join(",").toLowerCase()}\t${u.active ? "active" : "deactivated"}`);
      }
    });
  });

program
  .command("migrate")
  .description("apply pending database migrations (npm start does this too)")
  .action(async () => {
    await withDatabase(async () => console.log("database schema is up to date"));
  });

program
  .command("import")
  .description(
    "import seed tasks: AlpaCare, Self-Instruct, Alpaca or MedSeed rows as JSON, JSON Lines or CSV",
  )
  .argument("<file>", "the file to import (up to 50 MB)")
  .option("--status <status>", "draft | approved (approved needs an admin)", "draft")
  .option("--author <email>", "the account to import as (default: the only admin, when there is exactly one)")
  .option("--dry-run", "check the file and print the report; write nothing")
  .action(async (file: string, opts: { status: string; author?: string; dryRun?: boolean }) => {
    const status = opts.status.trim().toUpperCase();
    if (status !== "DRAFT" && status !== "APPROVED") {
      throw new UsageError(`--status: use draft or approved (got "${opts.status}")`);
    }
    const { fileSizeProblem } = await import("@/lib/seeds/import/limits");
    const size = fs.statSync(file, { throwIfNoEntry: false });
    if (!size?.isFile()) throw new UsageError(`<file>: ${file} is not a readable file`);
    const tooBig = fileSizeProblem(size.size);
    if (tooBig) throw new Error(tooBig); // before reading it or starting a database
    const bytes = fs.readFileSync(file);
    await withDatabase(async () => {
      const { cliImportActor } = await import("@/lib/seeds/import/actor");
      const { importSeedsFromBuffer } = await import("@/lib/seeds/import/commit");
      const { errorSummary, issueText, reportLines } = await import("@/lib/seeds/import/report-text");
      const actor = await cliImportActor(opts.author);
      if ("admins" in actor) {
        throw new UsageError(
          `--author: give the email of the account to import as (${actor.admins ? "there is more than one admin" : "there is no admin"} to default to)`,
        );
      }
      const report = await importSeedsFromBuffer(bytes, {
        fileName: path.basename(file),
        status,
        actor,
        dryRun: opts.dryRun,
      });
      for (const line of reportLines(report)) console.log(line);
      if (report.errors.length > 0) {
        for (const e of report.errors) console.error(`  ${issueText(e)}`);
        if (report.truncated) console.error("  … (the list stops here; fix these and run it again)");
        throw new Error(errorSummary(report, 0));
      }
    });
  });

program
  .command("export")
  .description(
    "export seeds to a file, byte-for-byte what the Exports page gives (approved: also recorded as an export)",
  )
  .requiredOption("--format <format>", "alpacare | self-instruct | alpaca | jsonl | csv")
  .requiredOption("--out <file>", "where to write it (written whole, or not at all)")
  .option(
    "--status <status>",
    "approved (a recorded, versioned export) | all (every task not archived; not recorded)",
    "approved",
  )
  .option("--topic <topic>", "only this topic")
  .option("--view <view>", "only this view")
  .option("--type <type>", "only this task type")
  .option("--difficulty <levels>", "only these difficulties, e.g. 4,5")
  .option(
    "--author <email>",
    "the account recording the export (default: the only admin, when there is exactly one)",
  )
  .action(
    async (opts: {
      format: string;
      out: string;
      status: string;
      topic?: string;
      view?: string;
      type?: string;
      difficulty?: string;
      author?: string;
    }) => {
      const { createExportSchema } = await import("@/lib/validation/export");
      const parsed = createExportSchema.safeParse({
        format: opts.format,
        filter: { topic: opts.topic, view: opts.view, type: opts.type, difficulty: opts.difficulty },
      });
      if (!parsed.success)
        throw new UsageError(
          parsed.error.issues.map((i) => `--${String(i.path.at(-1) ?? "format")}: ${i.message}`).join("\n"),
        );
      const scope = opts.status.trim().toLowerCase();
      if (scope !== "approved" && scope !== "all")
        throw new UsageError(`--status: use approved or all (got "${opts.status}")`);
      const outDir = path.dirname(path.resolve(opts.out));
      if (!fs.existsSync(outDir)) throw new UsageError(`--out: the folder ${outDir} does not exist`);
      const { format, filter } = parsed.data;
      const tmp = `${opts.out}.partial-${process.pid}`;
      await withDatabase(async () => {
        const fd = fs.openSync(tmp, "w");
        try {
          if (scope === "all") {
            const { renderExport } = await import("@/lib/exports/render");
            const r = await renderExport(format, filter, "ALL", {
              write: async (b) => void fs.writeSync(fd, b),
            });
            fs.closeSync(fd);
            fs.renameSync(tmp, opts.out);
            console.log(
              `${r.count} seed tasks (all statuses but archived; not recorded as an export) -> ${opts.out}\nsha256 ${r.sha256}`,
            );
            return;
          }
          const { cliImportActor } = await import("@/lib/seeds/import/actor");
          const { can } = await import("@/lib/auth/permissions");
          const actor = await cliImportActor(opts.author);
          if ("admins" in actor)
            throw new UsageError("--author: give the email of the reviewer or admin recording this export");
          if (!can(actor.roles, "export.create"))
            throw new Error(`${opts.author} may not create exports (reviewers and admins can).`);
          const { createExport, exportStream } = await import("@/lib/exports/store");
          const e = await createExport(format, filter, actor);
          const reader = exportStream(e.id).getReader();
          for (let next = await reader.read(); !next.done; next = await reader.read())
            fs.writeSync(fd, next.value);
          fs.closeSync(fd);
          fs.renameSync(tmp, opts.out);
          console.log(
            `export #${e.number}: ${e.recordCount} approved seed tasks, ${e.byteSize} bytes -> ${opts.out}\nsha256 ${e.sha256}`,
          );
        } catch (error) {
          try {
            fs.closeSync(fd);
          } catch {}
          fs.rmSync(tmp, { force: true });
          throw error;
        }
      });
    },
  );

/** Problems with a file, one per line as "FILE line N: message"; the first few, then how many more. */
function fileProblems(file: string, issues: { line: number; message: string }[]): Error {
  const shown = issues.slice(0, 10).map((i) => `${file} line ${i.line}: ${i.message}`);
  if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
  return new Error(shown.join("\n"));
}

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
  const parsed = await parseImportText(decodeImportFile(new Uint8Array(fs.readFileSync(file))));
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
  // A missing or unknown flag is bad usage (exit 2), like the flags checked below.
  .exitOverride((error) => {
    throw error.exitCode === 1 ? new CommanderError(2, error.code, error.message) : error;
  })
  .action(async (opts: { in: string; out: string; against?: string; threshold: string }) => {
    const started = performance.now();
    const threshold = Number(opts.threshold.trim() || Number.NaN);
    if (!(threshold >= 0 && threshold <= 1))
      throw new UsageError(`--threshold: give a number from 0 to 1 (got "${opts.threshold}")`);
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
    const { IncrementalDeduper } = await import("@/lib/generation/dedup");
    const deduper = new IncrementalDeduper(threshold);
    // Ids are positions: "s<i>" a seed, "r<i>" a record of the input.
    for (const [i, instruction] of seeds.entries()) deduper.addReference(`s${i}`, instruction);
    const textOf = (id: string) =>
      (id.startsWith("s") ? seeds : input.instructions)[Number(id.slice(1))] as string;
    const kept: Record<string, unknown>[] = [];
    input.records.forEach((record, i) => {
      const decision = deduper.offer(`r${i}`, input.instructions[i] as string);
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
      `dedup: ${input.records.length} in, ${kept.length} kept, ${discarded} discarded (threshold ${threshold}${against}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });

/** `generate --seeds`: the seed tasks of a file as `import` reads it (no database), ids "file:<record>". */
async function readSeedFile(file: string) {
  const { decodeImportFile, parseImportText } = await import("@/lib/seeds/import/parse");
  const { mapRecords } = await import("@/lib/seeds/import/map");
  const parsed = await parseImportText(decodeImportFile(new Uint8Array(fs.readFileSync(file))));
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
      requestTimeoutMs: opts.timeout === undefined ? undefined : Number(opts.timeout) * 1000,
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.message}`).join("\n"));
    const fileSeeds = opts.seeds === undefined ? null : await readSeedFile(opts.seeds);
    await withDatabase(async () => {
      const { db } = await import("@/lib/db");
      const { cliImportActor } = await import("@/lib/seeds/import/actor");
      const { createJob, exportSeeds } = await import("@/lib/generation/jobs");
      const { driveJob } = await import("@/lib/generation/engine/driver");
      const { jobView } = await import("@/lib/generation/progress");
      const { datasetChunks } = await import("@/lib/generation/dataset");
      const actor = await cliImportActor(opts.author);
      if ("admins" in actor) throw new UsageError("--author: give the email of the admin running this job");
      const byRef = (ref: string) => (/^\d+$/.test(ref) ? { number: Number(ref) } : { id: ref });
      let jobId: string;
      if (opts.resume !== undefined) {
        const job = await db.generationJob.findUnique({
          where: byRef(opts.resume),
          select: { id: true, state: true },
        });
        if (!job) throw new Error(`--resume: no generation job ${opts.resume}`);
        if (job.state === "COMPLETED" || job.state === "CANCELLED")
          throw new Error(`job ${opts.resume} is ${job.state.toLowerCase()}: nothing to resume`);
        await db.generationJob.update({
          where: { id: job.id },
          data: { state: "RUNNING", error: null, failureStreak: 0 },
        });
        jobId = job.id;
      } else {
        let seeds = fileSeeds;
        let exportId: string | undefined;
        let seedSource = `file ${path.basename(opts.seeds ?? "")}`;
        if (!seeds) {
          const exp = await db.seedExport.findUnique({
            where: byRef(opts.export as string),
            select: { id: true },
          });
          if (!exp) throw new Error(`--export: no export ${opts.export} (see the Exports page for numbers)`);
          const found = await exportSeeds(exp.id);
          seeds = found.seeds;
          exportId = exp.id;
          seedSource = `export #${found.number}`;
        }
        const job = await createJob({ seeds, seedSource, exportId }, parsed.data, actor);
        jobId = job.id;
        console.error(`job #${job.number} created (${seeds.length} seeds from ${seedSource})`);
      }
      const stop = new AbortController();
      const interrupt = () => stop.abort();
      process.removeAllListeners("SIGINT");
      process.once("SIGINT", interrupt);
      const timer = setInterval(async () => {
        const v = await jobView(jobId).catch(() => null);
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
        });
      } finally {
        clearInterval(timer);
      }
      const view = await jobView(jobId);
      const number = view?.number;
      if (outcome === "STOPPED") {
        await db.generationJob.updateMany({
          where: { id: jobId, state: "RUNNING" },
          data: { state: "PAUSED", error: "Interrupted from the command line." },
        });
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
        await writeFileWhole(opts.out, datasetChunks(jobId, format));
        console.error(`dataset (${format}) -> ${opts.out}`);
      }
    });
  });

program
  .command("publish")
  .description(
    "publish a dataset from finished generation jobs, as the Datasets page does, and write one of its files",
  )
  .addOption(
    new Option(
      "--job <number>",
      "a generation job number; repeat for a union (de-duplicated across the jobs)",
    )
      .argParser((v: string, prev: string[] = []) => [...prev, v])
      .makeOptionMandatory(),
  )
  .requiredOption("--name <text>", "the dataset's name (its card's title)")
  .requiredOption("--out <file>", "where to write the file (the release itself stays in MedSeed)")
  .option("--format <format>", "alpaca | jsonl | csv | hf (the Hugging Face folder as a .zip)", "alpaca")
  .option("--threshold <x>", "ROUGE-L F1 above which a record duplicating an earlier one is left out", "0.7")
  .option("--license <id>", "SPDX-style licence id for the dataset card, e.g. cc-by-nc-4.0")
  .option(
    "--author <email>",
    "the admin recording the release (default: the only admin, when there is exactly one)",
  )
  .action(
    async (opts: {
      job: string[];
      name: string;
      out: string;
      format: string;
      threshold: string;
      license?: string;
      author?: string;
    }) => {
      const { RELEASE_FORMATS } = await import("@/lib/dataset/publish/formats");
      const format = opts.format.trim().toLowerCase() as (typeof RELEASE_FORMATS)[number];
      if (!RELEASE_FORMATS.includes(format))
        throw new UsageError(`--format: use one of ${RELEASE_FORMATS.join(", ")} (got "${opts.format}")`);
      const numbers = opts.job.map((j) => Number(j));
      if (numbers.some((n) => !Number.isInteger(n) || n < 1))
        throw new UsageError(`--job: give job numbers such as 3 (got ${opts.job.join(", ")})`);
      const { createReleaseSchema } = await import("@/lib/validation/dataset");
      const parsed = createReleaseSchema.safeParse({
        name: opts.name,
        jobIds: numbers.map(String),
        threshold: opts.threshold,
        license: opts.license,
      });
      if (!parsed.success)
        throw new UsageError(
          parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("\n"),
        );
      const outDir = path.dirname(path.resolve(opts.out));
      if (!fs.existsSync(outDir)) throw new UsageError(`--out: the folder ${outDir} does not exist`);
      await withDatabase(async () => {
        const { cliImportActor } = await import("@/lib/seeds/import/actor");
        const { can } = await import("@/lib/auth/permissions");
        const actor = await cliImportActor(opts.author);
        if ("admins" in actor)
          throw new UsageError("--author: give the email of the admin recording this release");
        if (!can(actor.roles, "dataset.publish"))
          throw new Error(`${opts.author} may not publish datasets (admins can).`);
        const { db } = await import("@/lib/db");
        const jobs = await db.generationJob.findMany({
          where: { number: { in: numbers } },
          select: { id: true, number: true },
        });
        const missing = numbers.filter((n) => !jobs.some((j) => j.number === n));
        if (missing.length) throw new Error(`no generation job #${missing.join(", #")}`);
        const { createRelease, getRelease, releaseFileStream } = await import("@/lib/dataset/releases/store");
        const { buildRelease } = await import("@/lib/dataset/releases/build");
        const created = await createRelease({ ...parsed.data, jobIds: jobs.map((j) => j.id) }, actor);
        await buildRelease(created.id, (l) => console.error(l));
        const release = await getRelease(created.id);
        if (release?.state !== "READY")
          throw new Error(`release #${created.number} failed: ${release?.error ?? "unknown"}`);
        const file = release.files.find((f) => f.format === format);
        if (!file) throw new Error(`release #${release.number} has no ${format} file`);
        await writeFileWhole(opts.out, releaseFileStream(release.id, format));
        console.log(
          `dataset #${release.number}: ${release.recordCount} records (${release.excludedCount} excluded, ${release.duplicateCount} near-duplicates left out), ${format} ${file.byteSize} bytes -> ${opts.out}\nsha256 ${file.sha256}`,
        );
      });
    },
  );

// The root --help lists every command, nested ones included, with an example each way to reach the database.
function allCommands(cmd: Command, prefix = ""): string[] {
  return cmd.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    if (c.commands.length) return allCommands(c, `${name} `);
    const usage = c.usage().replace(/^\[options\]\s*/, "");
    return [`  ${`${name} ${usage}`.trim().padEnd(28)} ${c.description()}`];
  });
}
program.addHelpText(
  "after",
  () =>
    `\nAll commands (add --help to any for its options):\n${allCommands(program).join("\n")}\n\n` +
    "Examples:\n" +
    "  npm run medseed -- user create --email ana@clinic.org --password 'a long password' --role author --role reviewer\n" +
    "  DATABASE_URL=postgresql://user:pw@db:5432/medseed npm run medseed -- user list\n" +
    "  npm run medseed -- import med_seed.json --status approved --author admin@clinic.org\n" +
    "  npm run medseed -- dedup --in generated.jsonl --out kept.jsonl --against med_seed.json\n" +
    "  npm run medseed -- generate --seeds med_seed.json --target 500 --base-url http://localhost:8000/v1 --model m --response-model m --out medinstruct.json\n" +
    "  npm run medseed -- publish --job 3 --job 4 --name 'MedInstruct pilot' --format hf --out medinstruct-hf.zip\n",
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof UsageError) {
    console.error(`medseed: ${error.message}`);
    process.exit(2);
  }
  console.error(
    `medseed: ${error instanceof AppError || error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
