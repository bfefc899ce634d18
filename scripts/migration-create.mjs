// Developer tool: writes a new prisma/migrations/<timestamp>_<name>/migration.sql from the diff between
// the existing migrations and prisma/schema.prisma, offline, using @prisma/schema-engine-wasm over
// @prisma/adapter-pg. It relies on Prisma internals, so it stays here and never runs at start-up.
// usage: npm run db:migration:create -- <name>   (run through scripts/with-db.ts, which sets DATABASE_URL)
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

const require = createRequire(import.meta.url);
const wasmPath = path.join(
  path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
  "schema_engine_bg.wasm",
);
const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
  "./schema_engine_bg.js": bg,
});
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();
const { SchemaEngine } = bg;

import crypto from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message(m) {
    console.error("schema-engine panic:", m);
  },
};

import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: run this through `npm run db:migration:create -- <name>`.");
  process.exit(1);
}
const schemaPath = "prisma/schema.prisma";
const migDir = path.resolve("prisma/migrations");
const schema = { files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") }] };
const filters = { externalTables: [], externalEnums: [] };

function migrationsList() {
  fs.mkdirSync(migDir, { recursive: true });
  const lockPath = path.join(migDir, "migration_lock.toml");
  const dirs = fs
    .readdirSync(migDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir: migDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(migDir, d, "migration.sql"), "utf8") },
      },
    })),
  };
}

// Work-around: adapter-pg 7.x cannot map Postgres' internal "char" type (oid 18), which the
// schema engine catalog queries return: read it as text, report it as ColumnType Character.
// Work-around: with { connectionString } the adapter's connectToShadowDb() silently reuses the main DB
// (pg lets connectionString override `database`), so pass discrete fields instead.
const u = new URL(url);
const pgFactory = new PrismaPg({
  host: u.hostname,
  port: Number(u.port || 5432),
  user: decodeURIComponent(u.username),
  password: decodeURIComponent(u.password),
  database: u.pathname.slice(1),
});
const probeConn = await pgFactory.connect();
const queryableProto = Object.getPrototypeOf(Object.getPrototypeOf(probeConn));
const origPerformIO = queryableProto.performIO,
  origQueryRaw = queryableProto.queryRaw;
const charCols = new WeakMap();
queryableProto.performIO = async function (q) {
  const r = await origPerformIO.call(this, q);
  const idx = [];
  (r.fields ?? []).forEach((f, i) => {
    if (f.dataTypeID === 18) {
      f.dataTypeID = 25;
      idx.push(i);
    }
  });
  if (idx.length && r.rows) charCols.set(r.rows, idx);
  return r;
};
queryableProto.queryRaw = async function (q) {
  const res = await origQueryRaw.call(this, q);
  for (const i of charCols.get(res.rows) ?? []) res.columnTypes[i] = 6; // ColumnTypeEnum.Character
  return res;
};
// Work-around: adapter-pg's executeScript() splits scripts at every ";", which breaks dollar-quoted
// function bodies (the audit trigger); send the whole script at once (pg's simple protocol allows it).
const adapterProto = Object.getPrototypeOf(probeConn);
adapterProto.executeScript = async function (script) {
  try {
    await this.client.query(script);
  } catch (error) {
    this.onError(error);
  }
};
await probeConn.dispose();
// Work-around: adapter-pg's own connectToShadowDb() drops the shadow DB before closing its pool
// ("is being accessed by other users"); manage the shadow DB ourselves.
const cfg = {
  host: u.hostname,
  port: Number(u.port || 5432),
  user: decodeURIComponent(u.username),
  password: decodeURIComponent(u.password),
};
const factory = {
  provider: pgFactory.provider,
  adapterName: pgFactory.adapterName,
  connect: () => pgFactory.connect(),
  async connectToShadowDb() {
    const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ ...cfg, database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const a = await new PrismaPg({ ...cfg, database: name }).connect();
    const dispose = a.dispose.bind(a);
    a.dispose = async () => {
      await dispose();
      const c = new pg.Client({ ...cfg, database: "postgres" });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
    return a;
  },
};
const adapter = bindMigrationAwareSqlAdapterFactory(factory);
const engine = await SchemaEngine.new(
  { datamodels: schema.files.map((f) => [f.path, f.content]) },
  (log) => {
    if (process.env.DEBUG) console.error(log);
  },
  adapter,
);
const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration:create -- <name>");
  process.exit(1);
}
const lock = path.join(migDir, "migration_lock.toml");
fs.mkdirSync(migDir, { recursive: true });
if (!fs.existsSync(lock)) {
  fs.writeFileSync(
    lock,
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n`,
  );
}
const r = await engine.diff({
  from: { tag: "migrations", ...migrationsList() },
  to: { tag: "schemaDatamodel", ...schema },
  script: true,
  exitCode: true,
  filters,
});
if (r.exitCode !== 2) {
  console.log("The schema matches the migrations: nothing to create.");
} else {
  const ts = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dir = path.join(migDir, `${ts}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), r.stdout);
  console.log(`created prisma/migrations/${path.basename(dir)}/migration.sql: review it, then commit it`);
}
engine.free?.();
process.exit(0);
