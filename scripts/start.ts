// `npm start`: MedSeed in production mode on http://localhost:$PORT, with its database.
// `npm run dev`: the same with hot reload (next dev).
// Without DATABASE_URL it runs an embedded PostgreSQL (data in .data/pg), applies pending migrations,
// builds when the sources changed, then serves. Ctrl-C stops the server and the database.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { portProblem, secretProblem, urlProblem } from "@/lib/config";
import { applyMigrations } from "@/lib/db/migrate";
import { buildIsCurrent, markBuilt, sourceFingerprint } from "./lib/build-fingerprint";
import { type Database, dataDir, openDatabase, portInUse } from "./lib/embedded-db";
import { localSecret } from "./lib/secret";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[medseed] ${line}`);
let db: Database | null = null;
let server: ChildProcess | null = null;

async function fail(message: string): Promise<never> {
  console.error(`[medseed] ${message}`);
  await db?.stop();
  process.exit(1);
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

async function main() {
  const portError = portProblem(process.env.PORT);
  if (portError) return fail(portError.message);
  const port = Number(process.env.PORT || 3000);
  const urlError = urlProblem("NEXTAUTH_URL", process.env.NEXTAUTH_URL);
  if (urlError) return fail(urlError.message);
  if (await portInUse(port)) {
    return fail(
      `Port ${port} is already in use (another MedSeed or another program). Stop it, or run on another port: PORT=${port + 1} npm start`,
    );
  }

  // A shared deployment (external DATABASE_URL, production) must bring its own secret; a single-machine
  // install with the embedded database keeps a generated one beside its data.
  const external = Boolean(process.env.DATABASE_URL);
  const secretError = secretProblem(process.env.NEXTAUTH_SECRET, !dev && external);
  if (secretError) return fail(secretError.message);
  const secret = process.env.NEXTAUTH_SECRET || localSecret(dataDir());

  try {
    db = await openDatabase({ log });
  } catch (error) {
    return fail((error as Error).message);
  }
  log(`database: ${db.describe}`);
  try {
    const { applied, warnings } = await applyMigrations(db.url);
    for (const w of warnings) log(`warning: ${w}`);
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  } catch (error) {
    return fail((error as Error).message);
  }

  if (!dev && !buildIsCurrent()) {
    log("building the app (first start, or the sources changed)…");
    const fingerprint = sourceFingerprint();
    const build = spawnSync(process.execPath, [nextBin, "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) return fail("the build failed (see above); nothing was started.");
    markBuilt(fingerprint);
  }

  const origin = process.env.NEXTAUTH_URL || `http://localhost:${port}`;
  server = spawn(process.execPath, ["scripts/server.mjs", ...(dev ? ["--dev"] : [])], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: dev ? "development" : "production",
      DATABASE_URL: db.url,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: origin,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  server.on("exit", async (code, signal) => {
    server = null;
    if (!shuttingDown) {
      console.error(`[medseed] the web server stopped unexpectedly (${signal ?? `exit ${code}`}).`);
      await db?.stop();
      process.exit(code || 1);
    }
  });
  if (await waitUntilReady(port)) log(`MedSeed is ready at ${origin}  (Ctrl-C to stop)`);
  else if (server)
    log(`warning: ${origin}/api/health has not answered OK after 2 minutes; see the messages above.`);
}

async function waitUntilReady(port: number): Promise<boolean> {
  for (let i = 0; i < 600 && server; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

let shuttingDown = false;
async function shutdown(signal: NodeJS.Signals) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`stopping (${signal})…`);
  const s = server;
  if (s && s.exitCode === null) {
    const exited = new Promise((r) => s.once("exit", r));
    s.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (s.exitCode === null) s.kill("SIGKILL");
  }
  await db?.stop();
  log("stopped.");
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, shutdown);

await main();
