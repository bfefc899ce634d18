// Runs a command with DATABASE_URL set: the given one, or the embedded PostgreSQL (started here and
// stopped when the command ends, or the already-running one).
//   tsx scripts/with-db.ts [--fresh] [--migrate] -- <command...>
import { spawn } from "node:child_process";
import { applyMigrations } from "@/lib/db/migrate";
import { openDatabase, startEmbeddedPostgres } from "./lib/embedded-db";

const argv = process.argv.slice(2);
const flags = new Set<string>();
while (argv[0]?.startsWith("--")) {
  const f = argv.shift() as string;
  if (f === "--") break;
  flags.add(f);
}
const db = flags.has("--fresh")
  ? await startEmbeddedPostgres({ fresh: true })
  : await openDatabase({ log: (l) => console.error(`[db] ${l}`) });
if (flags.has("--migrate")) await applyMigrations(db.url);
if (!argv.length) {
  await db.stop();
  process.exit(0);
}
const child = spawn(argv[0] as string, argv.slice(1), {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: db.url },
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", async (code, signal) => {
  await db.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
