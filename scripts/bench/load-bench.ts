// The web app under load: the production server on 127.0.0.1 with its own throw-away database, signed-in
// users in a closed loop (each sends its next request when the last one has been answered), mixing the pages
// and API calls named by --load-targets, at each concurrency in --load-users. Beside it, in the same run: the
// health check at the same concurrency (the server's floor), and the health check sampled alone every 250 ms
// while the load runs. Run by `npm run bench` (last) or alone: `npm run bench -- --only load`.
//   --load-users 20,50   --load-seconds 20   --load-baseline-seconds 5   --load-seeds 1000
//   --load-targets seeds,review,seed,rest   (seed list page, review queue page, a seed page, REST seed list)
//   --load-think-ms 0   a pause after each answer (0.5 to 1.5 times this) before the user's next request, as a
//                       person reads the page; 0, the default, is the closed loop the issue's target names
import { parseArgs } from "node:util";
import { applyMigrations } from "@/lib/db/migrate";
import { startEmbeddedPostgres } from "../lib/embedded-db";
import { type AppServer, ensureBuilt, startApp } from "./load/app";
import { createToken, createUsers, seedTasks, signIn } from "./load/data";
import {
  closedLoop,
  type LoadRequest,
  type Summary,
  sampleEvery,
  summarise,
  summariseByTarget,
} from "./load/runner";
import { ms } from "./stats";

const P95_GOAL_MS = 300;
const HEALTH_GOAL_MS = 50;
const HEALTH_EVERY_MS = 250;

function usage(message: string): never {
  console.error(`load bench: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  strict: false, // the other benches' flags pass through
  options: {
    "load-users": { type: "string", default: "20,50" },
    "load-seconds": { type: "string", default: "20" },
    "load-baseline-seconds": { type: "string", default: "5" },
    "load-seeds": { type: "string", default: "1000" },
    "load-targets": { type: "string", default: "seeds,review,seed,rest" },
    "load-think-ms": { type: "string", default: "0" },
  },
});
const whole = (flag: string, min: number, max: number) => {
  const n = Number(values[flag]);
  if (!Number.isInteger(n) || n < min || n > max)
    usage(`--${flag} takes a whole number from ${min} to ${max}`);
  return n;
};
const levels = String(values["load-users"])
  .split(",")
  .map((v) => Number(v));
if (!levels.length || levels.some((n) => !Number.isInteger(n) || n < 1 || n > 200)) {
  usage("--load-users takes user counts from 1 to 200, comma-separated (e.g. 20,50)");
}
const seconds = whole("load-seconds", 1, 600);
const baselineSeconds = whole("load-baseline-seconds", 1, 60);
const seedCount = whole("load-seeds", 8, 100_000);
const thinkMs = whole("load-think-ms", 0, 60_000);

type Target = { label: string; request: (user: Session, n: number) => Omit<LoadRequest, "target"> };
type Session = { cookie: string; token: string; index: number };
let seedIds: string[] = [];
const page = (s: Session) => ({ cookie: s.cookie, accept: "text/html" });
const TARGETS: Record<string, Target> = {
  seeds: {
    label: "seed list page",
    request: (s, n) => ({ path: `/seeds?page=${1 + (n % 4)}`, headers: page(s) }),
  },
  review: { label: "review queue page", request: (s) => ({ path: "/review", headers: page(s) }) },
  seed: {
    label: "seed page",
    request: (s, n) => ({ path: `/seeds/${seedIds[(s.index * 31 + n) % seedIds.length]}`, headers: page(s) }),
  },
  rest: {
    label: "REST seed list",
    request: (s) => ({ path: "/api/v1/seeds?limit=25", headers: { authorization: `Bearer ${s.token}` } }),
  },
};
const targetNames = String(values["load-targets"]).split(",");
const unknown = targetNames.filter((t) => !(t in TARGETS));
if (unknown.length || !targetNames.length) {
  usage(`--load-targets takes some of ${Object.keys(TARGETS).join(", ")} (got ${unknown.join(", ")})`);
}
const targets = targetNames.map((t) => TARGETS[t] as Target);
const health: LoadRequest = { target: "health check", path: "/api/health" };

const n0 = (n: number) => Math.round(n).toLocaleString("en-US");
function row(s: Summary, baselineP95: number) {
  const cells = [
    s.target.padEnd(18),
    n0(s.requests).padStart(7),
    n0(s.perSecond).padStart(6),
    ms(s.p50).padStart(9),
    ms(s.p95).padStart(9),
    ms(s.p99).padStart(9),
    `${(s.p95 / baselineP95).toFixed(1)}x`.padStart(7),
    `${s.errors}${s.errors ? ` (${s.errorKinds.join(", ")})` : ""}`.padStart(7),
  ];
  console.log(`    ${cells.join("  ")}`);
}

/** Each user signs in and makes an API token, five at a time. */
async function signInAll(base: string, users: { email: string }[]): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let i = 0; i < users.length; i += 5) {
    const batch = users.slice(i, i + 5);
    const made = await Promise.all(
      batch.map(async (u, k) => {
        const cookie = await signIn(base, u.email);
        return { cookie, token: await createToken(base, cookie), index: i + k };
      }),
    );
    sessions.push(...made);
  }
  return sessions;
}

async function level(base: string, sessions: Session[], users: number): Promise<boolean> {
  const baseline = await closedLoop({ base, users, durationMs: baselineSeconds * 1000, next: () => health });
  const floor = summarise(baseline.samples, baseline.elapsedMs, "baseline");
  let done!: () => void;
  const loadDone = new Promise<void>((r) => {
    done = r;
  });
  const sampling = sampleEvery(base, health, HEALTH_EVERY_MS, loadDone);
  const cpu = process.cpuUsage();
  const load = await closedLoop({
    base,
    users,
    durationMs: seconds * 1000,
    thinkMs,
    next: (vu, n) => {
      const session = sessions[vu] as Session;
      const t = targets[(vu + n) % targets.length] as Target;
      return { target: t.label, ...t.request(session, n) };
    },
  }).finally(done);
  const { user, system } = process.cpuUsage(cpu);
  const probeSamples = await sampling;
  const probes = summarise(probeSamples, 1, "health");
  const overHealthGoal = probeSamples.filter((s) => !s.ok || s.ms >= HEALTH_GOAL_MS).length;

  console.log(
    `\n  ${users} users, ${seconds} s${thinkMs ? `, each pausing ${thinkMs / 2} to ${(thinkMs * 3) / 2} ms after an answer (think time; the issue's target is the closed loop, none)` : ""}`,
  );
  console.log(
    `    baseline: GET /api/health by ${users} users for ${baselineSeconds} s: p50 ${ms(floor.p50)}  p95 ${ms(floor.p95)}  ${n0(floor.perSecond)} req/s  ${floor.errors} errors`,
  );
  console.log(
    `    ${["target".padEnd(18), "req".padStart(7), "req/s".padStart(6), "p50".padStart(9), "p95".padStart(9), "p99".padStart(9), "p95/base".padStart(7), "errors".padStart(7)].join("  ")}`,
  );
  const summaries = summariseByTarget(load.samples, load.elapsedMs);
  for (const s of summaries) row(s, floor.p95);
  // The machine is shared: what sending the requests cost is not the server's to spend.
  const generator = (user + system) / 1000 / load.elapsedMs;
  console.log(
    `    health check alone every ${HEALTH_EVERY_MS} ms meanwhile: p50 ${ms(probes.p50)}  p95 ${ms(probes.p95)}  max ${ms(probes.max)}  (${probes.requests} probes, ${overHealthGoal} at or over ${HEALTH_GOAL_MS} ms or failed); load generator: ${Math.round(generator * 100)}% of a core`,
  );
  const perTarget = summaries.slice(0, -1);
  const worst = perTarget.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const errors = summaries.at(-1)?.errors ?? 0;
  const pass = worst.p95 < P95_GOAL_MS && errors === 0;
  console.log(
    `    target: every p95 under ${P95_GOAL_MS} ms, no errors (worst: ${worst.target} ${ms(worst.p95)}, ${errors} errors): ${pass ? "PASS" : "MISSED"}` +
      `   health under ${HEALTH_GOAL_MS} ms throughout: ${overHealthGoal === 0 ? "PASS" : "MISSED"}` +
      (thinkMs ? `   (with ${thinkMs} ms think time: not the issue's closed loop)` : ""),
  );
  return errors === 0;
}

const log = (line: string) => console.log(`  ${line}`);
console.log("\nweb app under load (production server on 127.0.0.1, closed loop of signed-in users)");
const t0 = performance.now();
ensureBuilt(log);
const db = await startEmbeddedPostgres({ fresh: true });
let app: AppServer | null = null;
try {
  await applyMigrations(db.url);
  process.env.DATABASE_URL = db.url;
  process.env.MEDSEED_BCRYPT_ROUNDS = "10"; // the lowest production cost: signing 50 people in stays quick
  const data = await seedTasks(seedCount);
  seedIds = data.seedIds;
  const users = await createUsers(Math.max(...levels));
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb(); // from here on only the server uses the database
  app = await startApp(db.url);
  const sessions = await signInAll(app.base, users);
  // Warm-up: the first request of each kind pays for loading code and the near-duplicate index once.
  for (const s of sessions.slice(0, 2)) {
    for (const t of targets)
      await fetch(new URL(t.request(s, 0).path, app.base), { headers: t.request(s, 0).headers });
  }
  log(
    `${n0(seedIds.length)} seeds (${n0(data.submitted)} waiting for review), ${users.length} users signed in through next-auth, targets: ${targets.map((t) => t.label).join(", ")}; ready in ${ms(performance.now() - t0)}`,
  );
  let clean = true;
  for (const users of levels) clean = (await level(app.base, sessions, users)) && clean;
  if (!clean) {
    console.log("    last lines the server wrote to stderr:");
    for (const line of app.lastErrors()) console.log(`      ${line}`);
  }
} finally {
  await app?.stop();
  await db.stop();
}
log(`load bench done in ${ms(performance.now() - t0)}`);
