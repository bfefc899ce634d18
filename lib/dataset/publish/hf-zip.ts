import { Zip, ZipDeflate } from "fflate";

// The Hugging Face folder of a release as a zip, written as the records stream in: <folder>/data/train.jsonl
// first, then <folder>/README.md, whose statistics are only known once every record has gone by. Upload the
// unzipped folder with `huggingface-cli upload` (it moves large files to LFS itself); no .gitattributes is
// added, because one in the zip would replace the Hub repository's own.

/**
 * DOS timestamps in a zip are local wall-clock time and fflate reads the Date's local fields, so a UTC
 * instant would be written differently in each time zone. Local midnight is 2000-01-01 00:00 everywhere.
 */
const MTIME = () => new Date(2000, 0, 1);
const LEVEL = 6;
/**
 * fflate's deflate output depends on where pushes split the input; pushing fixed-size pieces makes the
 * bytes depend on the text alone, not on how the caller cut it into calls.
 */
const PIECE = 64 * 1024;

export type HfZipWriter = {
  /** appends to data/train.jsonl (the jsonl renderer's lines, in order) */
  addRecordText(text: string): Promise<void>;
  /** ends data/train.jsonl, adds README.md and closes the archive; call once */
  finish(card: string): Promise<void>;
};

export function hfZipWriter(
  folder: string,
  onBytes: (chunk: Uint8Array) => void | Promise<void>,
): HfZipWriter {
  if (!/^[A-Za-z0-9._-]+$/.test(folder) || /^\.+$/.test(folder))
    throw new Error(`Bad folder name: ${folder}`);
  const encoder = new TextEncoder();
  // fflate calls back synchronously while it is pushed to; the chunks wait here until drain() hands them
  // to onBytes one at a time, and nothing more is pushed until they have all been taken.
  const queue: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure ??= err;
    else queue.push(chunk);
  });
  const file = (name: string) => {
    const entry = new ZipDeflate(`${folder}/${name}`, { level: LEVEL });
    // A property, not a constructor option: fflate's ZipDeflate ignores options it does not deflate with.
    entry.mtime = MTIME();
    zip.add(entry);
    return entry;
  };
  const drain = async () => {
    if (failure) throw failure;
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) await onBytes(chunk);
  };

  const train = file("data/train.jsonl");
  let piece = new Uint8Array(PIECE);
  let filled = 0;
  let finished = false;

  return {
    async addRecordText(text) {
      if (finished) throw new Error("The zip is already finished");
      const bytes = encoder.encode(text);
      for (let at = 0; at < bytes.length; ) {
        const take = Math.min(PIECE - filled, bytes.length - at);
        piece.set(bytes.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === PIECE) {
          train.push(piece);
          piece = new Uint8Array(PIECE);
          filled = 0;
          await drain();
        }
      }
    },
    async finish(card) {
      if (finished) throw new Error("The zip is already finished");
      finished = true;
      train.push(piece.subarray(0, filled), true);
      file("README.md").push(encoder.encode(card), true);
      zip.end();
      await drain();
    },
  };
}
