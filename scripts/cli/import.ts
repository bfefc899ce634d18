// `medseed import FILE`: seed tasks from AlpaCare, Self-Instruct, Alpaca or MedSeed files.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { SOURCE_KINDS } from "@/lib/model/source-kinds";
import { type SourceOverride, sourceOverrideSchema } from "@/lib/validation/source";
import { cliActor } from "./actor";
import { UsageError, withDatabase } from "./shared";

type ImportFlags = {
  status: string;
  author?: string;
  dryRun?: boolean;
  sourceKind?: string;
  citation?: string;
  citationUrl?: string;
  licence?: string;
  adapted?: boolean;
  refusePhi?: boolean;
};

/** The file's source from the flags given (an AlpaCare file's suggestion fills the rest), checked up front. */
function sourceFromFlags(opts: ImportFlags): SourceOverride {
  const given = Object.fromEntries(
    (["sourceKind", "citation", "citationUrl", "licence", "adapted"] as const)
      .filter((k) => opts[k] !== undefined)
      .map((k) => [
        k,
        k === "sourceKind"
          ? String(opts[k])
              .trim()
              .toUpperCase()
              .replace(/[\s-]+/g, "_")
          : opts[k],
      ]),
  );
  const parsed = sourceOverrideSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = `--${String(issue?.path[0] ?? "source").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UsageError(`${flag}: ${issue?.message}`);
  }
  return parsed.data;
}

export function registerImport(program: Command) {
  program
    .command("import")
    .description(
      "import seed tasks: AlpaCare, Self-Instruct, Alpaca or MedSeed rows as JSON, JSON Lines or CSV",
    )
    .argument("<file>", "the file to import (up to 50 MB)")
    .option("--status <status>", "draft | approved (approved needs an admin)", "draft")
    .option(
      "--author <email>",
      "the account to import as (default: the only admin, when there is exactly one)",
    )
    .option("--dry-run", "check the file and print the report; write nothing")
    // provenance and licence (issue 15): for every row that does not state its own
    .option("--source-kind <kind>", `where the tasks come from: ${SOURCE_KINDS.join(" | ")}`)
    .option("--citation <text>", "the source, as a reader would look it up")
    .option("--citation-url <url>", "an http(s) link to the source")
    .option(
      "--licence <id>",
      'an SPDX licence id (CC-BY-4.0, CC-BY-NC-4.0, MIT...), "internal" or NOASSERTION',
    )
    .option("--adapted", "the tasks were adapted from the source, not copied as they were")
    .option(
      "--refuse-phi",
      "refuse rows with any possible patient identifier (PHI screen): such a file is not imported at all",
    )
    .action(async (file: string, opts: ImportFlags) => {
      const status = opts.status.trim().toUpperCase();
      const source = sourceFromFlags(opts);
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
        const { importSeedFile } = await import("@/lib/seeds/use-cases/import-seeds");
        const { errorSummary, issueText, reportLines } = await import("@/lib/seeds/import/report-text");
        const actor = await cliActor(opts.author, "to import as");
        const report = await importSeedFile(actor, {
          fileName: path.basename(file),
          status,
          bytes,
          dryRun: opts.dryRun,
          source,
          refusePhi: opts.refusePhi,
        });
        for (const line of reportLines(report)) console.log(line);
        if (report.errors.length > 0) {
          for (const e of report.errors) console.error(`  ${issueText(e)}`);
          if (report.truncated) console.error("  … (the list stops here; fix these and run it again)");
          throw new Error(errorSummary(report, 0));
        }
      });
    });
}
