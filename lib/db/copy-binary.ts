// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"), read
// as it streams in: an 11-byte signature, a 32-bit flags field and a header extension, then one tuple after
// another (a 16-bit field count, each field a 32-bit length, -1 for NULL, and that many bytes), ended by a count
// of -1. An export streams its rows this way (lib/exports/render.ts): a text column arrives as its UTF-8 bytes,
// which go into the hash and the file as they are, with no string made of them; pg-copy-streams-binary decodes
// every field into a JavaScript value, which is the cost this avoids.

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

export type CopyField = Buffer | null;

/**
 * Feed it the stream's pieces in order (`push`), then `end()`. Each complete tuple is handed to `onRow` as its
 * fields: views of the pieces' bytes (valid as long as the caller keeps them), null for an SQL NULL. The array
 * itself is reused for the next tuple: read it before returning.
 */
export class CopyBinaryReader {
  private rest: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;
  rows = 0;

  constructor(private readonly onRow: (fields: CopyField[]) => void) {}

  push(piece: Buffer): void {
    if (this.ended) throw new Error("COPY binary data after its trailer");
    let buf = this.rest.length ? Buffer.concat([this.rest, piece]) : piece;
    let at = 0;
    if (!this.headerRead) {
      const seen = Math.min(buf.length, SIGNATURE.length);
      if (!buf.subarray(0, seen).equals(SIGNATURE.subarray(0, seen))) {
        throw new Error("not PostgreSQL binary COPY data");
      }
      if (buf.length < SIGNATURE.length + 8) {
        this.rest = buf;
        return;
      }
      const extension = buf.readInt32BE(SIGNATURE.length + 4);
      if (buf.length < SIGNATURE.length + 8 + extension) {
        this.rest = buf;
        return;
      }
      at = SIGNATURE.length + 8 + extension;
      this.headerRead = true;
    }
    const fields: CopyField[] = [];
    for (;;) {
      if (buf.length - at < 2) break;
      const count = buf.readInt16BE(at);
      if (count === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      let p = at + 2;
      fields.length = 0;
      let complete = true;
      for (let i = 0; i < count; i++) {
        if (buf.length - p < 4) {
          complete = false;
          break;
        }
        const length = buf.readInt32BE(p);
        p += 4;
        if (length === -1) {
          fields.push(null);
          continue;
        }
        if (buf.length - p < length) {
          complete = false;
          break;
        }
        fields.push(buf.subarray(p, p + length));
        p += length;
      }
      if (!complete) break;
      at = p;
      this.rows++;
      this.onRow(fields);
    }
    buf = buf.subarray(at);
    // What is left is at most one tuple's beginning: copied, so the piece it came from is not held for it.
    this.rest = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
    if (this.ended && this.rest.length) throw new Error("COPY binary data after its trailer");
  }

  /** Throws when the stream stopped inside a tuple or before its trailer: the data is incomplete. */
  end(): void {
    if (!this.ended) throw new Error("COPY binary data ended before its trailer (incomplete)");
  }
}
