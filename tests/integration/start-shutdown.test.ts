import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, portInUse } from "@/scripts/lib/embedded-db";

// The start command as a person uses it: it comes up with its own PostgreSQL, then Ctrl-C (SIGINT to the
// whole foreground process group) or a service manager's SIGTERM stops the web server and the database,
// leaving no process behind. Dev mode, so the test needs no production build.
async function startAndStop(signal: "SIGINT" | "SIGTERM", toGroup: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-start-"));
  fs.chmodSync(dataDir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const child = spawn("npm", ["run", "--silent", "dev"], {
    detached: true, // its own process group, like a terminal job
    env: {
      ...process.env,
      DATABASE_URL: "",
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      MEDSEED_DATA_DIR: dataDir,
    },
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    for (let i = 0; i < 600 && !out.includes("MedSeed is ready"); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain(`MedSeed is ready at http://localhost:${port}`);
    expect(await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()).toMatchObject({
      database: "up",
    });

    process.kill(toGroup ? -(child.pid as number) : (child.pid as number), signal);
    const code = await Promise.race([
      exited,
      new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000)),
    ]);
    expect(code).not.toBe("timeout");
    // npm may return before its child has finished shutting down (as a terminal prompt can come back early):
    // what matters is that everything is gone shortly after, so wait for that.
    for (let i = 0; i < 450 && !out.includes("stopped."); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain("stopped.");
    expect(await portInUse(port)).toBe(false);
    expect(await portInUse(pgPort, "127.0.0.1")).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
  } finally {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {}
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe("npm start / npm run dev shut down cleanly", () => {
  it("on Ctrl-C (SIGINT to the process group)", () => startAndStop("SIGINT", true), 150_000);
  it("on SIGTERM to the npm process alone", () => startAndStop("SIGTERM", false), 150_000);
});
