import "server-only";
import { createHash } from "node:crypto";
import zlib from "node:zlib";

// A release file on its way into the database: the SHA-256 and size of the bytes as downloaded, and the
// stored form cut into pieces of about 256 KB, each handed to `store` in order. Text files are stored as
// one gzip stream (a fraction of the space; downloads pass it through to clients that accept gzip); a zip
// is stored as it is, being compressed already.

const CHUNK = 256 * 1024;

export type FileSink = {
  write(data: string | Uint8Array): Promise<void>;
  /** flushes the last piece; returns what describes the file */
  end(): Promise<{ sha256: string; byteSize: number; storedSize: number }>;
};

export function fileSink(compress: boolean, store: (piece: Buffer) => Promise<void>): FileSink {
  const hash = createHash("sha256");
  let byteSize = 0;
  let storedSize = 0;
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const gzip = compress ? zlib.createGzip({ level: 6 }) : null;

  const take = (b: Buffer) => {
    pending.push(b);
    pendingSize += b.length;
  };
  gzip?.on("data", take);
  const flush = async (force: boolean) => {
    if (!pendingSize || (!force && pendingSize < CHUNK)) return;
    const piece = Buffer.concat(pending);
    pending = [];
    pendingSize = 0;
    storedSize += piece.length;
    await store(piece);
  };

  return {
    async write(data) {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
      if (!bytes.length) return;
      hash.update(bytes);
      byteSize += bytes.length;
      if (gzip) await new Promise<void>((resolve) => gzip.write(bytes, () => resolve()));
      else take(bytes);
      await flush(false);
    },
    async end() {
      if (gzip) {
        const ended = new Promise<void>((resolve) => gzip.once("end", () => resolve()));
        gzip.end();
        await ended;
      }
      await flush(true);
      return { sha256: hash.digest("hex"), byteSize, storedSize };
    },
  };
}
