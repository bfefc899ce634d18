import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/lib/chromium";

// E2E against the production build (run `npm test`, or `npm run test:e2e`, which build first) and a real
// PostgreSQL: E2E_DATABASE_URL when the test command provides one, otherwise a throw-away embedded cluster.
// The browser is Debian's Chromium by default; set CHROMIUM_PATH for another (e.g. Playwright's own).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
const databaseUrl = process.env.E2E_DATABASE_URL;
const node = process.execPath;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e-artifacts",
  // A safety net, not a measure: tests wait for conditions. CI runs on 2 busy cores, where a long scenario
  // takes twice its idle time (45 s failed a 20-page walk and a two-round review there).
  timeout: 90_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    // First-run set-up needs an empty database, so it runs first; everything else builds on its accounts.
    { name: "first-run", testMatch: /first-run\.setup\.ts/ },
    { name: "app", testMatch: /\.spec\.ts/, dependencies: ["first-run"] },
  ],
  webServer: {
    command: [
      node,
      // tsx as a loader, not its CLI: the CLI relays SIGTERM to a child process and SIGKILLs it when the child
      // does not acknowledge within 30 ms, which a loaded machine easily misses (no clean shutdown, exit 143).
      "--import tsx",
      "scripts/with-db.ts",
      databaseUrl ? "" : "--fresh",
      "--migrate",
      "--",
      node,
      "scripts/server.mjs",
    ]
      .filter(Boolean)
      .join(" "),
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      NODE_ENV: "production",
      PORT: String(PORT),
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXT_TELEMETRY_DISABLED: "1",
      // API keys kept with evaluation runs and stored provider keys are sealed with it (e2e/evaluation.spec.ts).
      MEDSEED_ENCRYPTION_KEY: process.env.MEDSEED_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    },
  },
});
