import "server-only";
import { createHash } from "node:crypto";
import zlib from "node:zlib";

// Files kept in the database as ordered chunks of about 256 KB (seed exports, release files): written as
// they are produced, read back one chunk at a time, so neither end ever holds a whole file. Text is stored
// as one gzip stream (a fraction of the space and of the time to write); a zip as it is, being compressed
// already. Downloads always decompress on the way: Next's server drops a route handler's Content-Encoding
// header, so a stored gzip stream sent as it is would reach clients undecoded.

const CHUNK = 256 * 1024;

export type ChunkWriter<Sha = string> = {
  write(data: string | Uint8Array): Promise<void>;
  /** flushes the last chunk; returns the SHA-256 (null when `hashed` is false) and size of the bytes as
   *  written, and the size stored */
  end(): Promise<{ sha256: Sha; byteSize: number; storedSize: number }>;
};

/** `gzipLevel` null stores the bytes as they are. `hashed` false for a caller that hashes the bytes itself (an
 *  export's render does): a second SHA-256 of a 35 MB file is about 30 ms of CPU. */
export function chunkWriter(gzipLevel: number | null, store: (chunk: Buffer) => Promise<void>): ChunkWriter;
export function chunkWriter(
  gzipLevel: number | null,
  store: (chunk: Buffer) => Promise<void>,
  hashed: false,
): ChunkWriter<null>;
export function chunkWriter(
  gzipLevel: number | null,
  store: (chunk: Buffer) => Promise<void>,
  hashed = true,
): ChunkWriter<string | null> {
  const hash = hashed ? createHash("sha256") : null;
  let byteSize = 0;
  let storedSize = 0;
  let pending: Buffer[] = [];
  let pendingSize = 0;
  // Output in pieces of the chunk's size: at the default 16 KB, each piece is a round trip between the thread
  // pool and the main thread, and a Buffer to concatenate (a quarter of an export's time on the main thread).
  const gzip = gzipLevel === null ? null : zlib.createGzip({ level: gzipLevel, chunkSize: CHUNK });

  const take = (b: Buffer) => {
    pending.push(b);
    pendingSize += b.length;
  };
  gzip?.on("data", take);
  const flush = async (force: boolean) => {
    if (!pendingSize || (!force && pendingSize < CHUNK)) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    pendingSize = 0;
    storedSize += chunk.length;
    await store(chunk);
  };

  return {
    async write(data) {
      // A view of the caller's bytes: gzip consumes it before the write resolves; kept as they are, they are
      // copied, the caller being free to reuse its buffer.
      const bytes =
        typeof data === "string"
          ? Buffer.from(data, "utf8")
          : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      if (!bytes.length) return;
      hash?.update(bytes);
      byteSize += bytes.length;
      if (gzip) await new Promise<void>((resolve) => gzip.write(bytes, () => resolve()));
      else take(Buffer.from(bytes));
      await flush(false);
    },
    async end() {
      if (gzip) {
        const ended = new Promise<void>((resolve) => gzip.once("end", () => resolve()));
        gzip.end();
        await ended; // every compressed byte has been handed to "data" by now
      }
      await flush(true);
      return { sha256: hash?.digest("hex") ?? null, byteSize, storedSize };
    },
  };
}

/** The stored chunks (`read(seq)`, null past the last) as the file's bytes, decompressed when `gzipped`. */
export function chunkReader(
  read: (seq: number) => Promise<Uint8Array | null>,
  gzipped: boolean,
): ReadableStream<Uint8Array> {
  let seq = 0;
  const stored = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await read(seq);
      if (!chunk) return controller.close();
      seq++;
      controller.enqueue(chunk);
    },
  });
  return gzipped
    ? stored.pipeThrough(
        new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
      )
    : stored;
}
