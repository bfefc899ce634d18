// `medseed publish`: a dataset release from finished generation jobs.
import fs from "node:fs";
import path from "node:path";
import { type Command, Option } from "commander";
import { cliActor } from "./actor";
import { UsageError, withDatabase, writeFileWhole } from "./shared";

export function registerPublish(program: Command) {
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
    .option(
      "--threshold <x>",
      "ROUGE-L F1 above which a record duplicating an earlier one is left out",
      "0.7",
    )
    .option("--min-rating <x>", "leave out records rated below this (1 to 5), and unrated ones")
    .option("--license <id>", "SPDX-style licence id for the dataset card, e.g. cc-by-nc-4.0")
    .option(
      "--accept-low-quality <reason>",
      "publish although the spot check is below the admin's threshold (or a record graded unsafe is in), for this reason",
    )
    .option(
      "--author <email>",
      "the account recording the release (default: the only admin, when there is exactly one)",
    )
    .action(
      async (opts: {
        job: string[];
        name: string;
        out: string;
        format: string;
        threshold: string;
        minRating?: string;
        license?: string;
        acceptLowQuality?: string;
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
          minRating: opts.minRating,
          license: opts.license,
          acceptLowQuality: opts.acceptLowQuality,
        });
        if (!parsed.success)
          throw new UsageError(
            parsed.error.issues
              .map(
                (i) =>
                  `--${i.path[0] === "acceptLowQuality" ? "accept-low-quality" : String(i.path[0])}: ${i.message}`,
              )
              .join("\n"),
          );
        const outDir = path.dirname(path.resolve(opts.out));
        if (!fs.existsSync(outDir)) throw new UsageError(`--out: the folder ${outDir} does not exist`);
        await withDatabase(async () => {
          const actor = await cliActor(opts.author, "recording this release");
          const { publishRelease } = await import("@/lib/dataset/use-cases/publish-release");
          const { getRelease } = await import("@/lib/dataset/use-cases/get-release");
          const { openReleaseFile } = await import("@/lib/dataset/use-cases/open-release-file");
          const { buildRelease } = await import("@/lib/dataset/releases/build");
          const { jobIds: _numbers, ...release } = parsed.data;
          // Built here, in this process, rather than queued for a worker.
          const created = await publishRelease(
            actor,
            { ...release, jobNumbers: numbers },
            { build: "caller" },
          );
          for (const w of created.warnings) console.error(`warning: ${w}`);
          await buildRelease(created.id, (l) => console.error(l));
          const built = await getRelease(actor, { releaseId: created.id });
          if (built?.state !== "READY")
            throw new Error(`release #${created.number} failed: ${built?.error ?? "unknown"}`);
          const { file, stream } = await openReleaseFile(actor, { releaseId: built.id, format });
          await writeFileWhole(opts.out, stream);
          console.log(
            `dataset #${built.number}: ${built.recordCount} records (${built.excludedCount} excluded, ${built.duplicateCount} near-duplicates left out), ${format} ${file.byteSize} bytes -> ${opts.out}\nsha256 ${file.sha256}`,
          );
        });
      },
    );
}
