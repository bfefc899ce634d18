// `medseed testset import FILE --name NAME`: an evaluation test set (MedInstruct-test, alpaca_eval, Alpaca or
// MedSeed rows) as a new frozen version of the named set; all items or none.
// `medseed testset freeze --name NAME`: a new frozen version, the latest one plus the items approved in the app.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { LEAKAGE_THRESHOLD } from "@/lib/evaluation/leakage-scan";
import { cliActor } from "./actor";
import { fileProblems, UsageError, withDatabase } from "./shared";

/** The version is saved; only its leakage check is left, for a worker (exit 0: running again would add a copy). */
const leakageLater = (message: string) =>
  `leakage: the check could not run now (${message}). The version is saved; its check is queued and runs when a worker is up (npm run worker), or from the test set's page ("Check again").`;

export function registerTestset(program: Command) {
  const testset = program.command("testset").description("evaluation test sets");
  testset
    .command("import")
    .description("import a test set: MedInstruct-test JSONL, alpaca_eval JSON, Alpaca JSON or MedSeed JSONL")
    .argument("<file>", "the file to import")
    .requiredOption("--name <name>", "the test set's name (an existing name gets a new version)")
    .option("--author <email>", "the account to import as (default: the only admin)")
    .option("--no-freeze", "leave the new version editable (it must be frozen before it is evaluated)")
    .action(async (file: string, opts: { name: string; author?: string; freeze: boolean }) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) throw new UsageError(`<file>: ${file} is not a readable file`);
      if (!opts.name.trim()) throw new UsageError("--name: give the test set a name");
      const bytes = fs.readFileSync(file);
      await withDatabase(async () => {
        const { importTestset } = await import("@/lib/evaluation/use-cases/import-testset");
        const actor = await cliActor(opts.author, "to import as");
        const report = await importTestset(actor, {
          name: opts.name,
          fileName: path.basename(file),
          bytes,
          freeze: opts.freeze,
          leakageCheck: "now",
        });
        for (const w of report.warnings)
          console.error(`warning${w.line ? ` line ${w.line}` : ""}: ${w.message}`);
        if (!report.ok) throw fileProblems(file, report.errors);
        console.log(
          report.unchanged
            ? `unchanged: "${report.name}" version ${report.version} already holds these ${report.items} items; no new version`
            : `imported ${report.items} items into "${report.name}" version ${report.version}${report.frozen ? " (frozen)" : ""}`,
        );
        console.log(`references: ${report.references.map((r) => `${r.name} (${r.items} items)`).join(", ")}`);
        if (report.leakageError) console.error(leakageLater(report.leakageError));
        if (report.leakage)
          console.log(
            `leakage: ${report.leakage.flagged} of ${report.items} items above ROUGE-L ${LEAKAGE_THRESHOLD} against ${report.leakage.seeds} approved seeds and ${report.leakage.records} generated records`,
          );
      });
    });
  testset
    .command("freeze")
    .description("freeze a new version: the latest version's items plus the items approved in the app")
    .requiredOption("--name <name>", "the test set's name")
    .option("--author <email>", "the account to act as (default: the only admin)")
    .action(async (opts: { name: string; author?: string }) => {
      if (!opts.name.trim()) throw new UsageError("--name: give the test set's name");
      await withDatabase(async () => {
        const { freezeNewVersion } = await import("@/lib/evaluation/use-cases/freeze-new-version");
        const actor = await cliActor(opts.author, "to act as");
        const frozen = await freezeNewVersion(actor, { testSetId: opts.name, leakageCheck: "now" });
        console.log(
          `froze "${opts.name.trim()}" version ${frozen.number}: ${frozen.items} item${frozen.items === 1 ? "" : "s"}, ${frozen.added} newly approved`,
        );
        if (frozen.leakageError) console.error(leakageLater(frozen.leakageError));
      });
    });
}
