import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { seedContentHash } from "@/lib/seeds/content-hash";
import type { SeedFields } from "@/lib/seeds/types";
import type { ValidRow } from "./map";
import { Pacer } from "./pacer";
import type { RowIssue, RowRef, TermMapping } from "./types";
import { resolveTerms, type TermResolution } from "./vocabulary";

/** A row ready to store: tags folded onto the vocabulary, and its exact-duplicate key. */
export type PlannedRow = RowRef & { fields: SeedFields; hash: string };

export type Canonical = {
  rows: PlannedRow[];
  errors: RowIssue[];
  typeMapping: TermMapping[];
  tagMapping: (TermMapping & { kind: "topic" | "view" })[];
  newTopics: number;
  newViews: number;
};

type Tx = Pick<
  Prisma.TransactionClient,
  "vocabularyTerm" | "vocabularyAlias" | "vocabularyProposer" | "auditEvent"
>;

/** Resolves each distinct topic, view and type of the file once, then applies the answers to every row. */
export async function canonicalise(
  rows: ValidRow[],
  tx: Tx,
  opts: Parameters<typeof resolveTerms>[3],
  pacer = new Pacer(),
): Promise<Canonical> {
  await pacer.phase("vocabulary", rows.length);
  // One after the other: inside an interactive transaction the queries share one connection anyway.
  const topics = await resolveTerms(
    "TOPIC",
    rows.map((r) => r.fields.topic),
    tx,
    opts,
    pacer,
  );
  const views = await resolveTerms(
    "VIEW",
    rows.map((r) => r.fields.view),
    tx,
    opts,
    pacer,
  );
  const types = await resolveTerms(
    "TASK_TYPE",
    rows.map((r) => r.fields.taskType),
    tx,
    opts,
    pacer,
  );

  const out: Canonical = { rows: [], errors: [], typeMapping: [], tagMapping: [], newTopics: 0, newViews: 0 };
  const typeCounts = new Counter();
  const tagCounts = { topic: new Counter(), view: new Counter() };
  for (const [done, row] of rows.entries()) {
    if (pacer.due()) await pacer.pause(done);
    const { fields } = row;
    const type = types.get(fields.taskType) as TermResolution;
    if ("error" in type) {
      out.errors.push({ line: row.line, row: row.row, field: "type", message: type.error });
      continue;
    }
    const rejected = [
      ["topic", topics.get(fields.topic)],
      ["view", views.get(fields.view)],
    ].find(([, r]) => r && typeof r === "object" && "error" in r) as [string, { error: string }] | undefined;
    if (rejected) {
      out.errors.push({ line: row.line, row: row.row, field: rejected[0], message: rejected[1].error });
      continue;
    }
    const topic = resolvedValue(topics.get(fields.topic));
    const view = resolvedValue(views.get(fields.view));
    if (type.value) typeCounts.add(fields.taskType, type.value);
    if (topic !== fields.topic) tagCounts.topic.add(fields.topic, topic);
    if (view !== fields.view) tagCounts.view.add(fields.view, view);
    const canonical = { ...fields, topic, view, taskType: type.value };
    out.rows.push({
      line: row.line,
      row: row.row,
      fields: canonical,
      hash: seedContentHash(fields.instruction, fields.input),
    });
  }
  out.typeMapping = typeCounts.list();
  out.tagMapping = [
    ...tagCounts.topic.list().map((m) => ({ ...m, kind: "topic" as const })),
    ...tagCounts.view.list().map((m) => ({ ...m, kind: "view" as const })),
  ];
  out.newTopics = distinctNew(topics);
  out.newViews = distinctNew(views);
  return out;
}

const resolvedValue = (r: TermResolution | undefined) => (r && "value" in r ? r.value : "");

function distinctNew(resolved: Map<string, TermResolution>): number {
  return new Set([...resolved.values()].filter((r) => "isNew" in r && r.isNew).map((r) => resolvedValue(r)))
    .size;
}

/** Counts (spelling in the file -> stored value) pairs; listed by stored value, then most frequent. */
class Counter {
  private readonly counts = new Map<string, TermMapping>();
  add(from: string, to: string) {
    const key = `${from}\u0000${to}`;
    const m = this.counts.get(key);
    if (m) m.count++;
    else this.counts.set(key, { from, to, count: 1 });
  }
  list(): TermMapping[] {
    return [...this.counts.values()].sort(
      (a, b) => a.to.localeCompare(b.to) || b.count - a.count || a.from.localeCompare(b.from),
    );
  }
}
