// The MedSeed command line: `npm run medseed -- --help`. Each command lives in scripts/cli/ and calls the
// same use cases as the app's pages and API, acting as a named user (--author or MEDSEED_USER).
// Uses the app's database: DATABASE_URL when set, otherwise the embedded one (the running app's when it
// is up, or started and migrated for the command and stopped after it).
import { Command, CommanderError } from "commander";
import { AppError } from "@/lib/errors";
import { registerDedup } from "./cli/dedup";
import { registerEval } from "./cli/eval";
import { registerExport } from "./cli/export";
import { registerGenerate } from "./cli/generate";
import { registerImport } from "./cli/import";
import { registerMigrate } from "./cli/migrate";
import { registerPhiScan } from "./cli/phi-scan";
import { registerPublish } from "./cli/publish";
import { registerRate } from "./cli/rate";
import { UsageError } from "./cli/shared";
import { registerTestset } from "./cli/testset";
import { registerUser } from "./cli/user";

const program = new Command()
  .name("medseed")
  .description("MedSeed command line. Run through npm: npm run medseed -- <command> [options]")
  .showHelpAfterError()
  .exitOverride();

for (const register of [
  registerUser,
  registerMigrate,
  registerImport,
  registerExport,
  registerDedup,
  registerGenerate,
  registerPublish,
  registerPhiScan,
  registerTestset,
  registerEval,
  registerRate,
])
  register(program);

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
    "  npm run medseed -- phi scan --in generated.jsonl --out phi-findings.jsonl\n" +
    "  npm run medseed -- generate --seeds med_seed.json --target 500 --base-url http://localhost:8000/v1 --model m --response-model m --out medinstruct.json\n" +
    "  npm run medseed -- testset import medinstruct-test.jsonl --name MedInstruct-test\n" +
    "  npm run medseed -- eval run --testset MedInstruct-test --reference gpt-4 --model my-7b --base-url http://localhost:8000/v1 --judge-model gpt-4 --out results.json\n" +
    "  npm run medseed -- rate --in medinstruct.json --out rated.json --base-url http://localhost:8000/v1 --model m\n" +
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
