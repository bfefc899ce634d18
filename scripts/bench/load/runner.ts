// A bounded, closed-loop HTTP load generator for the bench: N virtual users, each sending its next request
// as soon as the previous one has been answered in full, until a deadline or a request budget. Loopback
// only: it refuses any base URL that is not a literal 127.x.x.x or [::1] address.
import { isIP } from "node:net";
import { mulberry32 } from "@/tests/support/mulberry32";
import { pct } from "../stats";

export type LoadRequest = { target: string; path: string; headers?: Record<string, string> };

export type Sample = {
  target: string;
  /** from sending the request to the last byte of the body */
  ms: number;
  /** the HTTP status, or "network" / "timeout" when there was none */
  status: number | "network" | "timeout";
  ok: boolean;
};

export type LoadOptions = {
  base: string;
  users: number;
  /** stop starting requests after this long (requests in flight are finished) */
  durationMs: number;
  /** and/or after this many requests in all */
  maxRequests?: number;
  /** the request virtual user `vu` sends as its `n`-th */
  next: (vu: number, n: number) => LoadRequest;
  timeoutMs?: number;
  /**
   * A pause after each answer before the user's next request (a person reading the page), drawn evenly from
   * half to one and a half times this; 0 (the default) is the plain closed loop.
   */
  thinkMs?: number;
};

/** The base URL, parsed, when it is plain http(s) on a loopback address; throws otherwise. */
export function loopbackUrl(base: string): URL {
  const url = new URL(base);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const loopback = (isIP(host) === 4 && host.startsWith("127.")) || (isIP(host) === 6 && host === "::1");
  if (!/^https?:$/.test(url.protocol) || !loopback) {
    throw new Error(
      `The load bench only sends to this machine's loopback address (127.0.0.1 or [::1]), not ${url.origin}.`,
    );
  }
  return url;
}

async function send(base: URL, req: LoadRequest, timeoutMs: number): Promise<Sample> {
  const t0 = performance.now();
  try {
    const res = await fetch(new URL(req.path, base), {
      headers: req.headers,
      redirect: "manual", // a redirect (to sign-in, say) is an error here, not a page to follow
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    const ok = res.status >= 200 && res.status < 300;
    return { target: req.target, ms: performance.now() - t0, status: res.status, ok };
  } catch (error) {
    const timeout = (error as Error).name === "TimeoutError";
    return {
      target: req.target,
      ms: performance.now() - t0,
      status: timeout ? "timeout" : "network",
      ok: false,
    };
  }
}

export async function closedLoop(opts: LoadOptions): Promise<{ samples: Sample[]; elapsedMs: number }> {
  const base = loopbackUrl(opts.base);
  if (!Number.isInteger(opts.users) || opts.users < 1) throw new Error("users must be a whole number ≥ 1");
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const think = opts.thinkMs ?? 0;
  if (!(think >= 0)) throw new Error("thinkMs must be a number of milliseconds ≥ 0");
  const random = mulberry32(opts.users); // the same pauses from run to run
  const samples: Sample[] = [];
  const t0 = performance.now();
  const deadline = t0 + opts.durationMs;
  let issued = 0;
  const budgetLeft = () => opts.maxRequests === undefined || issued < opts.maxRequests;
  await Promise.all(
    Array.from({ length: opts.users }, async (_, vu) => {
      for (let n = 0; performance.now() < deadline && budgetLeft(); n++) {
        issued++;
        samples.push(await send(base, opts.next(vu, n), timeoutMs));
        if (think > 0) {
          const pause = Math.min(think * (0.5 + random()), deadline - performance.now());
          if (pause > 0) await new Promise((r) => setTimeout(r, pause));
        }
      }
    }),
  );
  return { samples, elapsedMs: performance.now() - t0 };
}

/** One request at a time, every `everyMs`, until `stop` resolves: e.g. the health check while load runs. */
export async function sampleEvery(
  base: string,
  req: LoadRequest,
  everyMs: number,
  stop: Promise<unknown>,
): Promise<Sample[]> {
  const url = loopbackUrl(base);
  const samples: Sample[] = [];
  let stopped = false;
  void stop.finally(() => {
    stopped = true;
  });
  while (!stopped) {
    const sample = await send(url, req, 10_000);
    samples.push(sample);
    const wait = Math.max(0, everyMs - sample.ms);
    await Promise.race([new Promise((r) => setTimeout(r, wait)), stop]);
  }
  return samples;
}

export type Summary = {
  target: string;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** the first few distinct error statuses, to say what went wrong */
  errorKinds: string[];
};

export function summarise(samples: Sample[], elapsedMs: number, target = "all"): Summary {
  const times = samples.map((s) => s.ms);
  const failed = samples.filter((s) => !s.ok);
  return {
    target,
    requests: samples.length,
    errors: failed.length,
    perSecond: samples.length / (elapsedMs / 1000),
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    max: times.length ? times.reduce((m, t) => Math.max(m, t), 0) : Number.NaN,
    errorKinds: [...new Set(failed.map((s) => String(s.status)))].slice(0, 5),
  };
}

/** One summary per target (in the order first seen), then all of them together. */
export function summariseByTarget(samples: Sample[], elapsedMs: number): Summary[] {
  const targets = [...new Set(samples.map((s) => s.target))];
  return [
    ...targets.map((t) =>
      summarise(
        samples.filter((s) => s.target === t),
        elapsedMs,
        t,
      ),
    ),
    summarise(samples, elapsedMs),
  ];
}
