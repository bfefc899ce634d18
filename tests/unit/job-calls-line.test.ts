import { describe, expect, it } from "vitest";
import { callsLine } from "@/lib/generation/job-states";

const job = (state: string) => ({
  state,
  requests: { failedCalls: 245, retrying: 4, inFlight: 3 },
  responses: { retrying: 2, inFlight: 0 },
  settings: { concurrency: 4 },
});

describe("the job page's line of calls", () => {
  it("says the failed calls count task and response requests together", () => {
    expect(callsLine(job("RUNNING"))).toMatch(
      /^245 failed calls \(task and response requests\) · 6 retrying · 3 claimed/,
    );
  });

  it("a cancelled, completed or failed job says nothing is left to retry or claimed (it never will be)", () => {
    for (const state of ["CANCELLED", "COMPLETED", "FAILED"]) {
      const line = callsLine(job(state));
      expect(line, state).toBe("245 failed calls (task and response requests)");
      expect(line).not.toMatch(/retry|claimed/);
    }
  });

  it("a paused job says what a resume retries, and the calls still finishing", () => {
    expect(callsLine(job("PAUSED"))).toBe(
      "245 failed calls (task and response requests) · 6 to retry on resume · 3 claimed before the pause (a call already sent still finishes)",
    );
    const quiet = { ...job("PAUSED"), requests: { failedCalls: 1, retrying: 0, inFlight: 0 } };
    expect(callsLine(quiet)).toBe("1 failed call (task and response requests) · 2 to retry on resume");
  });
});
