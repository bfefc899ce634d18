// The production server the load bench measures: built when the sources changed (as `npm start` does),
// run by scripts/server.mjs on a free port against the bench's throw-away database, spoken to on 127.0.0.1.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { buildIsCurrent, markBuilt, sourceFingerprint } from "../../lib/build-fingerprint";
import { freePort } from "../../lib/embedded-db";

export type AppServer = { base: string; stop: () => Promise<void>; lastErrors: () => string[] };

export function ensureBuilt(log: (line: string) => void) {
  if (buildIsCurrent()) return;
  log("building the app first (the sources changed since the last build)…");
  const fingerprint = sourceFingerprint();
  const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const build = spawnSync(process.execPath, [next, "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, MEDSEED_SKIP_BUILD_TYPECHECK: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("next build failed (see above)");
  markBuilt(fingerprint);
}

export async function startApp(databaseUrl: string): Promise<AppServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const stderr: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ["scripts/server.mjs"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXT_TELEMETRY_DISABLED: "1",
      MEDSEED_WORKER: "off", // nothing to generate: keep the machine for the requests
    },
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr.push(...chunk.split("\n").filter(Boolean));
    stderr.splice(0, Math.max(0, stderr.length - 40));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const started = performance.now();
  while (performance.now() - started < 120_000) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, stop, lastErrors: () => [...stderr] };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the app did not become healthy on ${base}:\n${stderr.join("\n")}`);
}
