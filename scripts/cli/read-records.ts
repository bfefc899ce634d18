// Reads the records of a JSON array, JSON Lines or CSV file one at a time, in file order, without holding
// the file in memory: bytes are decoded as they stream in, and only the record being read is kept. The
// formats are the importer's (the first character decides: "[" a JSON array, "{" JSON Lines, anything
// else CSV with a header row naming an instruction column). Refuses what is not UTF-8 text.
import fs from "node:fs";
import { Readable } from "node:stream";
import { CsvError, parse as parseCsv } from "csv-parse";
import { scanJson } from "@/lib/seeds/import/json-scan";
import { normaliseKey } from "@/lib/seeds/import/shape";

export type FileRecord = { index: number; line: number; value: Record<string, unknown> };

/** A problem with the input file, with the line it is on when known. */
export class InputError extends Error {}

/** Decoded text of the file, chunk by chunk; refuses NUL bytes (a binary file) and invalid UTF-8. */
async function* textChunks(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true }); // drops a byte-order mark
  let offset = 0;
  for await (const chunk of fs.createReadStream(file, {
    highWaterMark: 256 * 1024,
  }) as AsyncIterable<Buffer>) {
    const nul = chunk.indexOf(0);
    if (nul !== -1)
      throw new InputError(
        `${file}: a binary file (a NUL byte at byte ${offset + nul + 1}), not JSON, JSON Lines or CSV text`,
      );
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new InputError(
        `${file}: not UTF-8 text (an invalid byte sequence within bytes ${offset + 1}-${offset + chunk.length}). Save it as UTF-8.`,
      );
    }
    offset += chunk.length;
  }
  try {
    yield decoder.decode();
  } catch {
    throw new InputError(`${file}: not UTF-8 text (it ends inside a character). Save it as UTF-8.`);
  }
}

export async function* readRecords(file: string): AsyncGenerator<FileRecord> {
  const chunks = textChunks(file);
  // The first chunk that holds something decides the format; it is handed on, not read twice.
  // (Read with next(): leaving a for-await loop early would close the generator.)
  let head = "";
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    head += next.value;
    if (/\S/.test(head)) break;
  }
  const first = head.match(/\S/)?.[0];
  if (first === undefined) throw new InputError(`${file}: the file is empty`);
  async function* all(): AsyncGenerator<string> {
    yield head;
    yield* chunks;
  }
  if (first === "[" || first === "{") yield* jsonValues(file, all(), first === "[");
  else yield* csvRecords(file, all());
}

/**
 * The elements of a top-level array, or the top-level values of a JSON Lines file (one per line, or a
 * pretty-printed object), each as soon as its closing brace is read. Records must be objects.
 */
async function* jsonValues(
  file: string,
  chunks: AsyncIterable<string>,
  array: boolean,
): AsyncGenerator<FileRecord> {
  const recordDepth = array ? 1 : 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let closed = false; // the top-level array has ended
  let afterComma = false;
  let buf = ""; // the text of the record being read
  let valueLine = 0; // the line it started on; 0 between records
  let index = 0;
  const fail = (at: number, message: string) => new InputError(`${file} line ${at}: ${message}`);
  const finish = (): FileRecord => {
    let value: unknown;
    try {
      value = JSON.parse(buf);
    } catch (error) {
      const found = scanJson(buf).error;
      if (found) throw fail(valueLine + found.line - 1, `not valid JSON: ${found.message}`);
      throw fail(valueLine, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const record = { index, line: valueLine, value: value as Record<string, unknown> };
    index++;
    buf = "";
    valueLine = 0;
    return record;
  };
  const notAnObject = (ch: string) => {
    const what =
      ch === "["
        ? "a list"
        : ch === '"'
          ? "a text"
          : ch === "n"
            ? "null"
            : /[-\d]/.test(ch)
              ? "a number"
              : ch === "t" || ch === "f"
                ? "true or false"
                : `"${ch}"`;
    return fail(line, `record ${index + 1} is ${what}, not an object`);
  };

  for await (const text of chunks) {
    let from = 0; // where the current record's text starts in this chunk
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        else if (c === 10)
          throw fail(line, "a text value holds a raw line break (write it as \\n) or is never closed");
        continue;
      }
      if (c === 10) {
        line++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13) continue;
      const ch = text[i] as string;
      if (valueLine === 0) {
        // Between records.
        if (closed) throw fail(line, `unexpected "${ch}" after the end of the top-level array`);
        if (array && depth === 0) {
          depth = 1; // the "[" the format was detected by
          continue;
        }
        if (array && ch === "]") {
          if (afterComma) throw fail(line, 'a comma before "]" is followed by no record (trailing comma?)');
          closed = true;
          continue;
        }
        if (array && ch === ",") {
          if (index === 0 || afterComma) throw fail(line, "a comma where a record should be");
          afterComma = true;
          continue;
        }
        if (array && index > 0 && !afterComma)
          throw fail(line, 'expected "," between records, or "]" (missing comma?)');
        if (ch !== "{") throw notAnObject(ch);
        valueLine = line;
        from = i;
        afterComma = false;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === recordDepth) {
          buf += text.slice(from, i + 1);
          yield finish();
        }
      }
    }
    if (valueLine !== 0) buf += text.slice(from);
  }
  if (valueLine !== 0)
    throw fail(valueLine, 'the record starting here is never closed (a missing "}", "]" or quote?)');
  if (array && !closed) throw fail(line, 'the JSON ends before the array is closed (a missing "]"?)');
}

/** CSV rows as objects keyed by the header row, through csv-parse's streaming parser. */
async function* csvRecords(file: string, chunks: AsyncIterable<string>): AsyncGenerator<FileRecord> {
  const parser = Readable.from(chunks).pipe(
    parseCsv({
      columns: (header: string[]) => {
        if (!header.some((h) => normaliseKey(h) === "instruction"))
          throw new InputError(
            `${file}: expected a JSON array, JSON Lines, or CSV with a header row naming an instruction column; the first row has: ${header.slice(0, 8).join(", ").slice(0, 200)}`,
          );
        return header.map((h) => h.trim());
      },
      skip_empty_lines: true,
      info: true,
    }),
  );
  let index = 0;
  try {
    for await (const row of parser as AsyncIterable<{
      record: Record<string, unknown>;
      info: { lines: number };
    }>) {
      yield { index: index++, line: row.info.lines, value: row.record };
    }
  } catch (error) {
    if (error instanceof CsvError)
      throw new InputError(`${file} line ${error.lines ?? "?"}: ${error.message}`);
    throw error;
  }
}
