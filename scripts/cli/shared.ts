// What the CLI's commands share: the bad-usage error (exit 2) and the all-or-nothing file writer.
import fs from "node:fs";

/** Bad usage: the CLI prints the message (naming the flag) and exits with 2. */
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
