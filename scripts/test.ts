// `npm test`: every suite, then one plain closing line "N passed, N failed" summing them all.
//   lint (Biome) -> type check (tsc) -> layers (scripts/check-layers.ts: imports flow down, no lib/ circles)
//   -> Vitest (unit + integration, real PostgreSQL)
//   -> production build -> Playwright e2e (real Chromium, real PostgreSQL)
// One throw-away embedded PostgreSQL serves both Vitest and e2e (separate databases) and is removed after.
// `npm test -- --only unit|e2e|lint` runs one part.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { markBuilt, sourceFingerprint } from "./lib/build-fingerprint";
import { CHROMIUM_PATH } from "./lib/chromium";
import { type Database, ensureDatabaseExists, startEmbeddedPostgres } from "./lib/embedded-db";

type Tally = { name: string; passed: number; failed: number; skipped: number; note?: string };

const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
const wants = (part: string) => !only || only === part;
const resolveBin = (file: string) => path.resolve("node_modules", file);
const REPORTS = path.resolve("test-results");
const tallies: Tally[] = [];

function run(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? 1);
    });
  });
}

const banner = (title: string) => console.log(`\n==== ${title} ====`);

async function single(name: string, args: string[], env: Record<string, string> = {}) {
  banner(name);
  const ok = (await run(args, env)) === 0;
  tallies.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  return ok;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

async function vitest(db: Database) {
  banner("unit + integration (Vitest)");
  const report = path.join(REPORTS, "vitest.json");
  fs.rmSync(report, { force: true });
  const url = new URL(db.url);
  url.pathname = "/medseed_test";
  await ensureDatabaseExists(url.toString());
  const code = await run(
    [
      resolveBin("vitest/vitest.mjs"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ],
    { TEST_DATABASE_URL: url.toString() },
  );
  const r = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  }>(report);
  if (!r) {
    tallies.push({
      name: "vitest",
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `Vitest ended (exit ${code}) without a report`,
    });
    return;
  }
  const failed = r.numFailedTests || (code !== 0 ? 1 : 0); // a crash outside any test still fails the run
  tallies.push({
    name: "vitest",
    passed: r.numPassedTests,
    failed,
    skipped: r.numPendingTests + r.numTodoTests,
  });
}

function ensureChromium(): string | null {
  const exe = CHROMIUM_PATH;
  if (fs.existsSync(exe)) return null;
  if (process.getuid?.() !== 0 || process.env.CHROMIUM_PATH) {
    return `${exe} is missing: install Debian's Chromium (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`;
  }
  console.log("[test] installing Debian chromium for the e2e tests…");
  const r = spawnSync(
    "bash",
    [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium",
    ],
    { stdio: "inherit" },
  );
  return r.status === 0 && fs.existsSync(exe) ? null : "installing chromium with apt-get failed (see above).";
}

async function e2e(db: Database) {
  banner("production build");
  const fingerprint = sourceFingerprint();
  // tsc has already checked the types; the build need not do it again.
  const built =
    (await run([resolveBin("next/dist/bin/next"), "build"], {
      MEDSEED_SKIP_BUILD_TYPECHECK: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    })) === 0;
  tallies.push({ name: "build", passed: built ? 1 : 0, failed: built ? 0 : 1, skipped: 0 });
  if (!built) return;
  markBuilt(fingerprint);

  const missing = ensureChromium();
  if (missing) {
    tallies.push({ name: "e2e", passed: 0, failed: 1, skipped: 0, note: missing });
    return;
  }
  banner("end-to-end (Playwright)");
  const report = path.join(REPORTS, "e2e.json");
  fs.rmSync(report, { force: true });
  const url = new URL(db.url);
  url.pathname = "/medseed_e2e";
  await ensureDatabaseExists(url.toString());
  const code = await run([resolveBin("@playwright/test/cli.js"), "test"], {
    E2E_DATABASE_URL: url.toString(),
  });
  const r = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    report,
  );
  if (!r) {
    tallies.push({
      name: "e2e",
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `Playwright ended (exit ${code}) without a report`,
    });
    return;
  }
  const { expected, unexpected, flaky, skipped } = r.stats;
  tallies.push({ name: "e2e", passed: expected, failed: unexpected + flaky, skipped });
}

async function main() {
  fs.mkdirSync(REPORTS, { recursive: true });
  if (wants("lint")) {
    await single("lint (Biome)", [resolveBin("@biomejs/biome/bin/biome"), "check", "."]);
    await single("type check (tsc)", [resolveBin("typescript/bin/tsc"), "--noEmit"]);
    await single("layers", ["--import", "tsx", path.resolve("scripts/check-layers.ts")]);
  }
  let db: Database | null = null;
  const stop = async () => {
    await db?.stop();
  };
  process.on("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    if (wants("unit") || wants("e2e"))
      db = await startEmbeddedPostgres({ fresh: true, log: (l) => console.log(`[test] ${l}`) });
    if (db && wants("unit")) await vitest(db);
    if (db && wants("e2e")) await e2e(db);
  } finally {
    await stop();
  }

  banner("summary");
  for (const t of tallies) {
    console.log(
      `${t.name.padEnd(18)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}${t.note ? `  (${t.note})` : ""}`,
    );
  }
  const sum = (k: "passed" | "failed" | "skipped") => tallies.reduce((n, t) => n + t[k], 0);
  const skipped = sum("skipped");
  console.log(`${sum("passed")} passed, ${sum("failed")} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(sum("failed") > 0 ? 1 : 0);
}

await main();
