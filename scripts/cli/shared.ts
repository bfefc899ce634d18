// What every command of the CLI shares: usage errors, the database it opens, all-or-nothing file writes.
import fs from "node:fs";
import { applyMigrations } from "@/lib/db/migrate";
import { type Database, openDatabase } from "../lib/embedded-db";

/** Bad usage: printed with exit code 2 (the message names the flag). */
export class UsageError extends Error {}

async function* readAll(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
}

/** Writes `out` from the chunks, or not at all: into a partial file renamed at the end, removed on failure. */
export async function writeFileWhole(
  out: string,
  source: AsyncIterable<string | Uint8Array> | ReadableStream<Uint8Array>,
): Promise<void> {
  const chunks = source instanceof ReadableStream ? readAll(source) : source;
  const tmp = `${out}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  let open = true;
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === "string") fs.writeSync(fd, chunk);
      else fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);
    open = false;
    fs.renameSync(tmp, out);
  } catch (error) {
    if (open) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  let db: Database | null = null;
  const interrupted = async () => {
    await db?.stop();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    db = await openDatabase({ log: (l) => console.error(`[db] ${l}`) });
    const { applied, warnings } = await applyMigrations(db.url);
    for (const w of warnings) console.error(`[db] warning: ${w}`);
    if (applied.length) console.error(`[db] applied migrations: ${applied.join(", ")}`);
    process.env.DATABASE_URL = db.url;
    return await work();
  } finally {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb().catch(() => {});
    await db?.stop();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** Problems with a file, one per line as "FILE line N: message"; the first few, then how many more. */
export function fileProblems(file: string, issues: { line: number; message: string }[]): Error {
  const shown = issues.slice(0, 10).map((i) => `${file} line ${i.line}: ${i.message}`);
  if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
  return new Error(shown.join("\n"));
}
