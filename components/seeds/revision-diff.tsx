import { diffWordsWithSpace } from "diff";
import { SEED_STATUS_LABELS, type SeedStatusName } from "@/lib/model/seed-status";
import type { SeedRevisionView } from "@/lib/seeds/queries";

const FIELDS: [keyof SeedRevisionView, string][] = [
  ["instruction", "Instruction"],
  ["input", "Input"],
  ["output", "Reference output"],
  ["topic", "Topic"],
  ["view", "View"],
  ["taskType", "Task type"],
  ["difficulty", "Difficulty"],
  ["note", "Note"],
  // provenance and licence (issue 15)
  ["sourceKind", "Source"],
  ["citation", "Citation"],
  ["citationUrl", "Citation URL"],
  ["licence", "Licence"],
  ["adapted", "Adapted"],
  // a revision's status is the task's when that revision was saved (an edit while sent back: "Changes requested")
  ["status", "Status when saved"],
];

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
/** A field's value as the pages word it (the status as its label, not the stored name). */
const shown = (key: keyof SeedRevisionView, v: unknown) =>
  key === "status" ? (SEED_STATUS_LABELS[v as SeedStatusName] ?? text(v)) : text(v);

/**
 * Word-level differences between two revisions, field by field; unchanged fields are listed, not shown.
 * `content`: the task's fields only, without the status (which a resubmission changes by itself).
 */
export function RevisionDiff({
  from,
  to,
  content = false,
}: {
  from: SeedRevisionView;
  to: SeedRevisionView;
  content?: boolean;
}) {
  const fields = content ? FIELDS.filter(([k]) => k !== "status") : FIELDS;
  const changed = fields.filter(([k]) => text(from[k]) !== text(to[k]));
  const same = fields.filter(([k]) => text(from[k]) === text(to[k])).map(([, label]) => label);
  return (
    <div className="grid gap-4">
      {changed.length === 0 ? (
        <p className="text-muted-foreground text-sm">These two versions are identical.</p>
      ) : null}
      {changed.map(([key, label]) => (
        <div key={key} className="grid gap-1">
          <h4 className="font-medium text-sm">{label}</h4>
          <p className="whitespace-pre-wrap break-words rounded-md border bg-background p-2 font-mono text-xs leading-relaxed">
            {diffWordsWithSpace(shown(key, from[key]), shown(key, to[key])).map((part, i) =>
              part.added ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity beyond their position
                <ins key={i} className="bg-success/20 no-underline">
                  <span className="sr-only">[added: </span>
                  {part.value}
                  <span className="sr-only">]</span>
                </ins>
              ) : part.removed ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: as above
                <del key={i} className="bg-destructive/15">
                  <span className="sr-only">[removed: </span>
                  {part.value}
                  <span className="sr-only">]</span>
                </del>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: as above
                <span key={i}>{part.value}</span>
              ),
            )}
          </p>
        </div>
      ))}
      {same.length && changed.length ? (
        <p className="text-muted-foreground text-xs">Unchanged: {same.join(", ")}.</p>
      ) : null}
    </div>
  );
}
