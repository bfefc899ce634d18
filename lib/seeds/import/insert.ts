import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SeedStatusName } from "@/lib/model/seed-status";
import type { PlannedRow } from "./canonical";

// Bulk writes for the importer. Prisma's createMany spends ~0.5 s per 1,000 seed rows building the query;
// one INSERT ... SELECT FROM unnest(column arrays) per table and chunk does the same in ~0.1 s, which is what
// keeps a 10,000-row import well under 10 s. The column lists mirror prisma/schema.prisma (SeedTask,
// SeedRevision): the import tests fail if a new required column is added there and not here.

let counter = 0;
/** Ids in the shape of Prisma's cuid(): "c", time, a per-process counter, randomness (25 characters). */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0");
  const random = [...randomBytes(12)].map((b) => (b % 36).toString(36)).join("");
  return `c${time}${counter.toString(36).padStart(4, "0")}${random}`;
}

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

export async function insertSeedRows(
  tx: Tx,
  rows: PlannedRow[],
  opts: { status: SeedStatusName; authorId: string; editorId: string; change: string },
): Promise<void> {
  const col = <K extends keyof PlannedRow["fields"]>(k: K) => rows.map((r) => r.fields[k]);
  const seedIds = rows.map(() => newId());
  const revisionIds = rows.map(() => newId());
  const [instruction, input, output, topic, view, taskType, difficulty, note] = [
    col("instruction"),
    col("input"),
    col("output"),
    col("topic"),
    col("view"),
    col("taskType"),
    col("difficulty"),
    col("note"),
  ];
  // provenance and licence (issue 15)
  const [sourceKind, citation, citationUrl, licence, adapted] = [
    col("sourceKind"),
    col("citation"),
    col("citationUrl"),
    col("licence"),
    col("adapted"),
  ];
  await tx.$executeRaw`
    INSERT INTO "SeedTask" ("id", "instruction", "input", "output", "topic", "view", "taskType", "difficulty",
      "note", "status", "version", "contentHash", "authorId", "createdAt", "updatedAt",
      "sourceKind", "citation", "citationUrl", "licence", "adapted")
    SELECT u.id, u.instruction, u.input, u.output, u.topic, u.view, u.type, u.difficulty, u.note,
      ${opts.status}::"SeedStatus", 1, u.hash, ${opts.authorId}, now(), now(),
      u.kind, u.citation, u.url, u.licence, u.adapted
    FROM unnest(${seedIds}::text[], ${instruction}::text[], ${input}::text[], ${output}::text[],
      ${topic}::text[], ${view}::text[], ${taskType}::text[], ${difficulty}::int[], ${note}::text[],
      ${rows.map((r) => r.hash)}::text[], ${sourceKind}::text[], ${citation}::text[], ${citationUrl}::text[],
      ${licence}::text[], ${adapted}::boolean[])
      AS u(id, instruction, input, output, topic, view, type, difficulty, note, hash, kind, citation, url, licence, adapted)`;
  await tx.$executeRaw`
    INSERT INTO "SeedRevision" ("id", "seedId", "version", "instruction", "input", "output", "topic", "view",
      "taskType", "difficulty", "note", "status", "change", "editorId", "createdAt",
      "sourceKind", "citation", "citationUrl", "licence", "adapted")
    SELECT u.id, u.seed, 1, u.instruction, u.input, u.output, u.topic, u.view, u.type, u.difficulty, u.note,
      ${opts.status}::"SeedStatus", ${opts.change}, ${opts.editorId}, now(),
      u.kind, u.citation, u.url, u.licence, u.adapted
    FROM unnest(${revisionIds}::text[], ${seedIds}::text[], ${instruction}::text[], ${input}::text[],
      ${output}::text[], ${topic}::text[], ${view}::text[], ${taskType}::text[], ${difficulty}::int[],
      ${note}::text[], ${sourceKind}::text[], ${citation}::text[], ${citationUrl}::text[], ${licence}::text[],
      ${adapted}::boolean[])
      AS u(id, seed, instruction, input, output, topic, view, type, difficulty, note, kind, citation, url, licence, adapted)`;
}
