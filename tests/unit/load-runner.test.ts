import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedLoop, loopbackUrl, sampleEvery, summariseByTarget } from "@/scripts/bench/load/runner";

// A stand-in server on loopback: counts requests in flight, answers /fail with 500 and /away with a redirect.
// With `hold` set it keeps requests waiting until that many are in flight (a safety timer ends the wait), so
// a test sees whether the virtual users really run side by side.
let server: http.Server;
let base: string;
let inFlight = 0;
let mostInFlight = 0;
let hold = 0;
let waiting: (() => void)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    const answer = () => {
      inFlight--;
      if (req.url === "/fail") res.writeHead(500).end("no");
      else if (req.url === "/away") res.writeHead(307, { location: "/signin" }).end();
      else res.writeHead(200, { "content-type": "text/plain" }).end(`cookie=${req.headers.cookie ?? ""}`);
    };
    if (!hold) return void setImmediate(answer);
    waiting.push(answer);
    const release = () => {
      hold = 0;
      for (const w of waiting.splice(0)) w();
    };
    if (waiting.length >= hold) release();
    else setTimeout(release, 2_000).unref();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("load runner", () => {
  it("sends to loopback addresses only", async () => {
    for (const url of [
      "http://example.com",
      "http://10.0.0.5:3000",
      "http://localhost:3000", // a name could resolve anywhere
      "http://127.0.0.1.nip.io:3000",
      "ftp://127.0.0.1",
    ]) {
      expect(() => loopbackUrl(url), url).toThrow(/only sends to this machine's loopback address/);
    }
    expect(loopbackUrl("http://127.0.0.1:3104").port).toBe("3104");
    expect(loopbackUrl("http://[::1]:3104").hostname).toBe("[::1]");
    await expect(
      closedLoop({
        base: "http://example.com",
        users: 1,
        durationMs: 10,
        next: () => ({ target: "x", path: "/" }),
      }),
    ).rejects.toThrow(/loopback/);
  });

  it("keeps exactly N users busy and stops at the request budget", async () => {
    mostInFlight = 0;
    hold = 8;
    waiting = [];
    const seen: string[] = [];
    const { samples } = await closedLoop({
      base,
      users: 8,
      durationMs: 60_000,
      maxRequests: 400,
      next: (vu, n) => {
        seen.push(`${vu}:${n}`);
        return { target: n % 2 ? "odd" : "even", path: "/", headers: { cookie: `vu=${vu}` } };
      },
    });
    expect(samples).toHaveLength(400);
    expect(new Set(seen).size).toBe(400);
    expect(mostInFlight).toBe(8);
    expect(samples.every((s) => s.ok && s.status === 200)).toBe(true);
    const [even, odd, all] = summariseByTarget(samples, 1000);
    expect([even?.target, odd?.target, all?.target]).toEqual(["even", "odd", "all"]);
    expect((even?.requests ?? 0) + (odd?.requests ?? 0)).toBe(400);
    expect(all?.errors).toBe(0);
    expect(all?.perSecond).toBe(400);
    expect(all?.p50).toBeLessThanOrEqual(all?.p95 ?? 0);
    expect(all?.p95).toBeLessThanOrEqual(all?.p99 ?? 0);
  });

  it("with think time, each user pauses half to one and a half times it between an answer and its next request", async () => {
    const sentAt = new Map<number, number[]>();
    const { samples } = await closedLoop({
      base,
      users: 3,
      durationMs: 60_000,
      maxRequests: 15,
      thinkMs: 40,
      next: (vu) => {
        sentAt.set(vu, [...(sentAt.get(vu) ?? []), performance.now()]);
        return { target: "t", path: "/" };
      },
    });
    expect(samples).toHaveLength(15);
    const gaps = [...sentAt.values()].flatMap((times) =>
      times.slice(1).map((t, i) => t - (times[i] as number)),
    );
    expect(gaps.length).toBeGreaterThanOrEqual(12);
    // At least the shortest pause (20 ms) between two requests of one user; timers may fire a little late.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(19);
    await expect(
      closedLoop({ base, users: 1, durationMs: 10, thinkMs: -1, next: () => ({ target: "t", path: "/" }) }),
    ).rejects.toThrow(/thinkMs/);
  });

  it("stops starting requests at the deadline", async () => {
    const { samples, elapsedMs } = await closedLoop({
      base,
      users: 4,
      durationMs: 150,
      next: () => ({ target: "t", path: "/" }),
    });
    expect(samples.length).toBeGreaterThan(4);
    expect(elapsedMs).toBeGreaterThanOrEqual(150);
  });

  it("counts server errors, redirects and refused connections as errors, and says which", async () => {
    const paths = ["/", "/fail", "/away"];
    let i = 0;
    const { samples } = await closedLoop({
      base,
      users: 3,
      durationMs: 60_000,
      maxRequests: 30,
      next: () => ({ target: "mixed", path: paths[i++ % 3] as string }),
    });
    const [mixed] = summariseByTarget(samples, 1000);
    expect(mixed?.requests).toBe(30);
    expect(mixed?.errors).toBe(20);
    expect(mixed?.errorKinds.sort()).toEqual(["307", "500"]);

    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await closedLoop({
      base: gone,
      users: 2,
      durationMs: 60_000,
      maxRequests: 4,
      next: () => ({ target: "gone", path: "/" }),
    });
    expect(refused.samples.map((s) => s.status)).toEqual(["network", "network", "network", "network"]);
  });

  it("samples one request at a time until told to stop", async () => {
    mostInFlight = 0;
    let stop!: () => void;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const sampling = sampleEvery(base, { target: "health", path: "/" }, 1, stopped);
    await closedLoop({
      base,
      users: 1,
      durationMs: 60_000,
      maxRequests: 20,
      next: () => ({ target: "x", path: "/" }),
    });
    stop();
    const samples = await sampling;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((s) => s.target === "health" && s.ok)).toBe(true);
    expect(mostInFlight).toBeLessThanOrEqual(2); // the sampler's one plus the single user's one
  });
});
