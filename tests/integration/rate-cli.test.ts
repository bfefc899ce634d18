import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeServer, fakeScore, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { npmRun } from "../support/run";

// `rate` needs no database: no DATABASE_URL is passed, and none is started.
const rate = (...args: string[]) =>
  npmRun(["medseed", "--", "rate", ...args], { DATABASE_URL: undefined, OPENAI_API_KEY: undefined }, 120_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-rate-"));
const file = (name: string, content: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, content);
  return at;
};

const NEVER = "This answer is never given a readable score.";
const ONCE = "This answer gets a readable score only when asked again.";
const records = Array.from({ length: 24 }, (_, i) => ({
  instruction: `Explain the management of case ${i} of community-acquired pneumonia.`,
  input: i % 3 ? "" : `A ${30 + i}-year-old with fever and cough for ${i + 2} days.`,
  output:
    i === 5 ? NEVER : i === 9 ? ONCE : `Start empirical antibiotics for case ${i}; reassess at 48 hours.`,
  id: i,
}));

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({
    seed: 7,
    faultRate: 0.3,
    faultKinds: ["rate_limit", "server_error", "timeout"],
    timeoutHangMs: 50,
    retryAfterMs: 5,
    rater: (response, attempt) => {
      if (response === NEVER) return "I am not able to judge this one.";
      if (response === ONCE && attempt === 0) return "Hard to say.";
      return response === ONCE ? "Score: 2\nIncomplete." : `**${fakeScore(response)}/5**\n\nRationale: fine.`;
    },
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("medseed rate", () => {
  it("rates a JSON Lines file in input order through faults, retrying an unreadable answer once", async () => {
    const input = file("data.jsonl", records.map((r) => JSON.stringify(r)).join("\n"));
    const out = path.join(dir, "rated.jsonl");
    const r = await rate(
      "--in",
      input,
      "--out",
      out,
      "--base-url",
      server.baseUrl,
      "--model",
      "fake-rater",
      "--concurrency",
      "4",
      "--retry-base-ms",
      "5",
    );
    expect(r.code, r.stderr).toBe(0);
    const rated = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rated.map((x) => x.id)).toEqual(records.map((x) => x.id));
    for (const [i, x] of rated.entries()) {
      expect(x.instruction).toBe(records[i]?.instruction);
      if (i === 5) {
        expect(x.quality_score).toBeNull();
        expect(x.quality_rationale).toMatch(/No score/);
      } else if (i === 9) expect(x.quality_score).toBe(2);
      else {
        expect(x.quality_score).toBe(fakeScore(records[i]?.output as string));
        expect(x.quality_rationale).toBe("fine.");
      }
    }
    expect(server.stats.faults.rate_limit + server.stats.faults.server_error).toBeGreaterThan(0);
    // Summary: a histogram and the unparsed count.
    expect(r.stderr).toMatch(/rate: 24 records rated/);
    expect(r.stderr).toMatch(/unparsed 1/);
    const counted = [...r.stderr.matchAll(/^\s+\d\.\d\s+(\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(23);
  });

  it("keeps a JSON array a JSON array, and sends the API key", async () => {
    server.setOptions({ faultRate: 0, apiKey: "sk-test" });
    const input = file("data.json", JSON.stringify(records.slice(0, 3)));
    const out = path.join(dir, "rated.json");
    const r = await rate(
      "--in",
      input,
      "--out",
      out,
      "--base-url",
      server.baseUrl,
      "--model",
      "m",
      "--api-key",
      "sk-test",
    );
    expect(r.code, r.stderr).toBe(0);
    const rated = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(Array.isArray(rated)).toBe(true);
    expect(rated).toHaveLength(3);
    server.setOptions({ apiKey: undefined });
  });

  it("rates a text the file holds twice once: one call, the same score on both records", async () => {
    server.setOptions({ faultRate: 0 });
    const [a, b] = records as [(typeof records)[0], (typeof records)[0]];
    const input = file("twice.jsonl", [a, b, { ...a, id: "again" }].map((r) => JSON.stringify(r)).join("\n"));
    const out = path.join(dir, "twice-rated.jsonl");
    const before = server.stats.ratingRequests;
    const r = await rate("--in", input, "--out", out, "--base-url", server.baseUrl, "--model", "m-twice");
    expect(r.code, r.stderr).toBe(0);
    expect(server.stats.ratingRequests - before).toBe(2);
    const rated = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rated.map((x) => x.id)).toEqual([a.id, b.id, "again"]);
    expect(rated[2].quality_score).toBe(fakeScore(a.output));
    expect(rated[2].quality_score).toBe(rated[0].quality_score);
    expect(r.stderr).toMatch(
      /rate: 3 records rated by m-twice in [\d.]+ s \(1 repeating an earlier record's text: rated once\)/,
    );
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const bad = file("bad.jsonl", `${JSON.stringify({ instruction: "x" })}\n`);
    const out = path.join(dir, "never.jsonl");
    const r = await rate("--in", bad, "--out", out, "--base-url", server.baseUrl, "--model", "m");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 1: record 1 needs text in output/);
    expect(fs.existsSync(out)).toBe(false);
    const usage = await rate(
      "--in",
      bad,
      "--out",
      out,
      "--base-url",
      server.baseUrl,
      "--model",
      "m",
      "--concurrency",
      "0",
    );
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--concurrency/);
  });

  it("screens the file first: records with possible patient identifiers are named and nothing is sent, unless --accept-phi", async () => {
    server.setOptions({ faultRate: 0 });
    const PHONE = "555-201-3344";
    const withPhi = records
      .slice(0, 4)
      .map((r, i) => (i === 2 ? { ...r, input: `Call the daughter on ${PHONE} before discharge.` } : r));
    const input = file("phi.jsonl", withPhi.map((r) => JSON.stringify(r)).join("\n"));
    const out = path.join(dir, "phi-rated.jsonl");
    const sentBefore = server.stats.requests;
    const args = ["--in", input, "--out", out, "--base-url", server.baseUrl, "--model", "m"];
    const refused = await rate(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`PHONE "${PHONE}" in record 3, input`);
    expect(refused.stderr).toMatch(/--accept-phi/);
    expect(server.stats.requests).toBe(sentBefore);
    expect(fs.existsSync(out)).toBe(false);

    const blank = await rate(...args, "--accept-phi", " ");
    expect(blank.code).toBe(2);

    const accepted = await rate(...args, "--accept-phi", "local model on our own server");
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toMatch(/1 possible patient identifier\(s\) sent .*accepted: local model/);
    expect(fs.readFileSync(out, "utf8").trim().split("\n")).toHaveLength(4);
    expect(server.requests.some((r) => JSON.stringify(r.body).includes(PHONE))).toBe(true);
  });
});
