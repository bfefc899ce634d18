import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

// `npm start`, `npm run worker` and `npm run medseed` stop cleanly on Ctrl-C / SIGTERM (give leased work back,
// stop the web server, then the database). The tsx CLI relays a signal to its child and SIGKILLs it when the
// child does not acknowledge within 30 ms, so on a busy machine the clean shutdown never ran (exit 143). Each
// script's launcher must deliver the signal and let the process finish its own shutdown.

const scripts = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts as Record<string, string>;
const FIXTURE = "tests/fixtures/signals/busy-then-stop.ts";

function launch(script: string, entry: string) {
  const command = scripts[script]?.replace(/scripts\/\S+\.ts/, FIXTURE);
  if (!command?.includes(FIXTURE)) throw new Error(`npm script "${script}" does not run ${entry}`);
  const child = spawn("sh", ["-c", command], {
    detached: true, // its own process group: the signal reaches every process, as Ctrl-C does
    env: { ...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}` },
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  return { child, output: () => out };
}

describe("scripts stop cleanly when signalled while busy", () => {
  for (const [script, entry] of [
    ["start", "scripts/start.ts"],
    ["worker", "scripts/worker.ts"],
    ["medseed", "scripts/cli.ts"],
  ] as const) {
    it(`npm run ${script}: SIGTERM during a blocked event loop runs the script's own handler, exit 0`, async () => {
      const { child, output } = launch(script, entry);
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      await expect.poll(output, { timeout: 20_000 }).toContain("ready");
      process.kill(-(child.pid as number), "SIGTERM");
      const code = await exited;
      expect(output()).toContain("clean shutdown");
      expect(code).toBe(0);
    }, 40_000);
  }
});
