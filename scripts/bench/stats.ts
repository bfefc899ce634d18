import os from "node:os";

export async function timeIt(runs: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

export function pct(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

export function report(name: string, ours: number[], baseline: number[], target?: string) {
  const [o50, o95, b50, b95] = [pct(ours, 50), pct(ours, 95), pct(baseline, 50), pct(baseline, 95)];
  console.log(`\n${name}`);
  console.log(`  ours      p50 ${ms(o50)}  p95 ${ms(o95)}`);
  console.log(`  baseline  p50 ${ms(b50)}  p95 ${ms(b95)}`);
  console.log(
    `  ratio (baseline p50 / ours p50): ${(b50 / o50).toFixed(2)}x${target ? `   target: ${target}` : ""}`,
  );
}

/** The machine's load average (1, 5, 15 minutes) as `uptime` shows it: every timing here swings with it. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

export const verdict = (ok: boolean) => (ok ? "PASS" : "MISSED");

/** Samples the resident set size while `fn` runs: the largest seen, in MB (the process's, not only fn's). */
export async function peakRss<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; peakMb: number; startMb: number }> {
  const startMb = process.memoryUsage.rss() / 1e6;
  let peak = startMb;
  const watch = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss() / 1e6);
  }, 10);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss() / 1e6);
    return { result, peakMb: peak, startMb };
  } finally {
    clearInterval(watch);
  }
}
