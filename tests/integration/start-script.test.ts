import net from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "@/scripts/lib/embedded-db";
import { npmRun } from "../support/run";

// `npm start` must stop at once, with one line naming the problem and the fix, and leave nothing running.
describe("npm start refuses what cannot work", () => {
  it("a PORT that is not a port", async () => {
    const r = await npmRun(["start"], { PORT: "abc" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PORT must be a whole number from 1 to 65535 \(got "abc"\)/);
  });

  it("a port already in use", async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port);
    await new Promise((r) => blocker.once("listening", r));
    try {
      const r = await npmRun(["start"], { PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Port ${port} is already in use.*PORT=${port + 1} npm start`));
    } finally {
      blocker.close();
    }
  });

  it("an external database without NEXTAUTH_SECRET", async () => {
    const r = await npmRun(["start"], {
      PORT: String(await freePort()),
      DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/medseed",
      NEXTAUTH_SECRET: undefined,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NEXTAUTH_SECRET is not set/);
  });

  it("a database that does not answer", async () => {
    const closed = await freePort();
    const r = await npmRun(["start"], {
      PORT: String(await freePort()),
      DATABASE_URL: `postgresql://u:p@127.0.0.1:${closed}/medseed`,
      NEXTAUTH_SECRET: "s".repeat(40),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`Cannot reach the database at 127.0.0.1:${closed}/medseed \\(DATABASE_URL\\)`),
    );
  });
});
