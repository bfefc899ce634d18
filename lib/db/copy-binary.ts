// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"), read
// as it streams in: an 11-byte signature, a 32-bit flags field and a header extension, then one tuple after
// another (a 16-bit field count, each field a 32-bit length, -1 for NULL, and that many bytes), ended by a count
// of -1. An export streams its rows this way (lib/exports/render.ts): a text column arrives as its UTF-8 bytes,
// which go into the hash and the file as they are, with no string made of them; pg-copy-streams-binary decodes
// every field into a JavaScript value, which is the cost this avoids. Nothing is copied or allocated per field
// either: a row is read through offsets into the piece it arrived in (only a tuple cut between two pieces is
// put together, from its own bytes).

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const MAX_FIELDS = 1600; // PostgreSQL's limit on the columns of a row

/** One tuple, read in place: field i is `buf[start[i], end[i])`, or NULL when start[i] is -1. Reused for the
 *  next tuple: read what you need before onRow returns (a Buffer from `bytes` stays valid). */
export class CopyRow {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  /** where field i's 32-bit length is; its bytes start 4 later (start is -1 for NULL) and end at end[i] */
  readonly head = new Int32Array(MAX_FIELDS);
  readonly start = new Int32Array(MAX_FIELDS);
  readonly end = new Int32Array(MAX_FIELDS);

  isNull(i: number): boolean {
    return (this.start[i] as number) < 0;
  }
  private at(i: number): number {
    const s = this.start[i] as number;
    if (s < 0) throw new Error(`COPY field ${i} is NULL where a value was expected`);
    return s;
  }
  /** A text (or any) field's bytes: a view, no copy. */
  bytes(i: number): Buffer {
    return this.buf.subarray(this.at(i), this.end[i]);
  }
  text(i: number): string {
    return this.buf.toString("utf8", this.at(i), this.end[i]);
  }
  int32(i: number): number {
    return this.buf.readInt32BE(this.at(i));
  }
  /** An int4 field that may be NULL. */
  int32OrNull(i: number): number | null {
    return this.isNull(i) ? null : this.buf.readInt32BE(this.start[i] as number);
  }
  bool(i: number): boolean {
    return this.buf[this.at(i)] === 1;
  }
  /** True when fields from..to (inclusive), headers and bytes, are byte for byte those of `other`'s. */
  sameSpan(other: Buffer, from: number, to: number): boolean {
    const s = this.head[from] as number;
    const e = this.end[to] as number;
    return e - s === other.length && this.buf.compare(other, 0, other.length, s, e) === 0;
  }
  /** Fields from..to (inclusive), headers and bytes, copied: a key for sameSpan. */
  copySpan(from: number, to: number): Buffer {
    return Buffer.from(this.buf.subarray(this.head[from], this.end[to]));
  }
}

/**
 * Feed it the stream's pieces in order (`push`), then `end()`. Each complete tuple is handed to `onRow`.
 */
export class CopyBinaryReader {
  private rest: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;
  private readonly row = new CopyRow();
  rows = 0;

  constructor(private readonly onRow: (row: CopyRow) => void) {}

  push(piece: Buffer): void {
    if (this.ended) {
      if (piece.length) throw new Error("COPY binary data after its trailer");
      return;
    }
    let buf = piece;
    if (!this.headerRead) {
      buf = this.rest.length ? Buffer.concat([this.rest, piece]) : piece;
      this.rest = Buffer.alloc(0);
      const seen = Math.min(buf.length, SIGNATURE.length);
      if (!buf.subarray(0, seen).equals(SIGNATURE.subarray(0, seen))) {
        throw new Error("not PostgreSQL binary COPY data");
      }
      const body =
        buf.length >= SIGNATURE.length + 8
          ? SIGNATURE.length + 8 + buf.readInt32BE(SIGNATURE.length + 4)
          : -1;
      if (body < 0 || buf.length < body) {
        this.rest = Buffer.from(buf);
        return;
      }
      this.headerRead = true;
      buf = buf.subarray(body);
    } else if (this.rest.length) {
      // A tuple cut between pieces: put it together from its own bytes, then go on in the piece.
      const length = spanningTuple(this.rest, buf);
      if (length < 0) {
        this.rest = Buffer.concat([this.rest, buf]);
        return;
      }
      const taken = length - this.rest.length;
      const whole = Buffer.concat([this.rest, buf.subarray(0, taken)]);
      this.rest = Buffer.alloc(0);
      this.parse(whole);
      buf = buf.subarray(taken);
      if (this.ended) {
        if (buf.length) throw new Error("COPY binary data after its trailer");
        return;
      }
    }
    const used = this.parse(buf);
    if (used < buf.length) {
      if (this.ended) throw new Error("COPY binary data after its trailer");
      this.rest = Buffer.from(buf.subarray(used)); // at most one tuple's beginning, copied: the piece is not held for it
    }
  }

  /** Reads the whole tuples at the start of buf; returns the bytes they took. */
  private parse(buf: Buffer): number {
    const row = this.row;
    row.buf = buf;
    let at = 0;
    const length = buf.length;
    while (length - at >= 2) {
      const count = buf.readInt16BE(at);
      if (count === -1) {
        this.ended = true;
        return at + 2;
      }
      let p = at + 2;
      let complete = true;
      for (let i = 0; i < count; i++) {
        if (length - p < 4) {
          complete = false;
          break;
        }
        const size = buf.readInt32BE(p);
        row.head[i] = p;
        p += 4;
        if (size === -1) {
          row.start[i] = -1;
          row.end[i] = p;
          continue;
        }
        if (length - p < size) {
          complete = false;
          break;
        }
        row.start[i] = p;
        row.end[i] = p + size;
        p += size;
      }
      if (!complete) break;
      row.count = count;
      at = p;
      this.rows++;
      this.onRow(row);
    }
    return at;
  }

  /** Throws when the stream stopped inside a tuple or before its trailer: the data is incomplete. */
  end(): void {
    if (!this.ended) throw new Error("COPY binary data ended before its trailer (incomplete)");
  }
}

/** The length of the tuple (or trailer) that starts at a[0] and goes on into b, or -1 if b does not finish it. */
function spanningTuple(a: Buffer, b: Buffer): number {
  const total = a.length + b.length;
  const byte = (i: number) => (i < a.length ? (a[i] as number) : (b[i - a.length] as number));
  const int16 = (i: number) => ((byte(i) << 24) | (byte(i + 1) << 16)) >> 16;
  const int32 = (i: number) => (byte(i) << 24) | (byte(i + 1) << 16) | (byte(i + 2) << 8) | byte(i + 3);
  if (total < 2) return -1;
  const count = int16(0);
  if (count === -1) return 2;
  let p = 2;
  for (let i = 0; i < count; i++) {
    if (total - p < 4) return -1;
    const size = int32(p);
    p += 4;
    if (size > 0) p += size;
    if (p > total) return -1;
  }
  return p;
}
