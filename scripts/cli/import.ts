// `medseed import FILE`: seed tasks from AlpaCare, Self-Instruct, Alpaca or MedSeed files.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { cliActor } from "./actor";
import { UsageError, withDatabase } from "./shared";

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
    .option(
      "--refuse-phi",
      "refuse rows with any possible patient identifier (PHI screen): such a file is not imported at all",
    )
    .action(
      async (
        file: string,
        opts: { status: string; author?: string; dryRun?: boolean; refusePhi?: boolean },
      ) => {
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
          const { importSeedFile } = await import("@/lib/seeds/use-cases/import-seeds");
          const { errorSummary, issueText, reportLines } = await import("@/lib/seeds/import/report-text");
          const actor = await cliActor(opts.author, "to import as");
          const report = await importSeedFile(actor, {
            fileName: path.basename(file),
            status,
            bytes,
            dryRun: opts.dryRun,
            refusePhi: opts.refusePhi,
          });
          for (const line of reportLines(report)) console.log(line);
          if (report.errors.length > 0) {
            for (const e of report.errors) console.error(`  ${issueText(e)}`);
            if (report.truncated) console.error("  … (the list stops here; fix these and run it again)");
            throw new Error(errorSummary(report, 0));
          }
        });
      },
    );
}
