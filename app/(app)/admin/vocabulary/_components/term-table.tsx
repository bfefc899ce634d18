"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { likelySameTerms } from "@/lib/model/term-likeness";
import { VIEW_GROUP_LABELS, VIEW_GROUPS } from "@/lib/model/vocabulary";
import type { VocabularyKindName as VocabularyKind } from "@/lib/validation/vocabulary";
import type { TermRow } from "@/lib/vocabulary/manage";
import { addAliasAction, mergeTermsAction, setViewGroupAction } from "../actions";

type Props = { kind: VocabularyKind; terms: TermRow[]; listHref: Record<string, string> };
type Result = { ok: boolean; message?: string };

export function TermTable({ kind, terms, listHref }: Props) {
  const [pending, start] = useTransition();
  const [merge, setMerge] = useState<{ from: TermRow; into: TermRow } | null>(null);
  const run = (work: () => Promise<Result>, success: string) =>
    start(async () => {
      const r = await reach(work());
      if (r.ok) toast.success(success);
      else toast.error(r.message ?? "That did not work.");
    });

  if (!terms.length)
    return (
      <EmptyState
        title="Nothing here yet"
        description="Values appear as authors use them, or add one above."
      />
    );
  const alike = likelySameTerms(terms);
  const tasks = (n: number) => `${n} task${n === 1 ? "" : "s"}`;
  return (
    <div className="rounded-lg border bg-background">
      {alike.length ? (
        <section aria-labelledby="alike-h" className="grid gap-2 border-b p-3">
          <h2 id="alike-h" className="font-medium text-sm">
            Possibly the same value ({alike.length})
          </h2>
          <p className="text-muted-foreground text-xs">
            Spelt two ways (singular and plural, British and American): a filter on one misses the tasks of
            the other. Merge them, or leave them if they differ.
          </p>
          <ul className="grid gap-1.5 text-sm" aria-label="Possibly the same value">
            {alike.map(({ from, into }) => (
              <li key={from.id} className="flex flex-wrap items-center gap-2">
                <span>
                  “{from.value}” ({tasks(from.uses)}) and “{into.value}” ({tasks(into.uses)})
                </span>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={pending}
                  onClick={() => setMerge({ from, into })}
                >
                  Merge “{from.value}” into “{into.value}”…
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Value</TableHead>
            <TableHead>Tasks</TableHead>
            <TableHead>Aliases</TableHead>
            {kind === "VIEW" ? <TableHead>Group</TableHead> : null}
            <TableHead>Merge into</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {terms.map((t) => (
            <TableRow key={t.id} data-testid={`term-${t.value}`}>
              <TableCell className="font-medium">
                {t.value} {t.builtIn ? <Badge variant="secondary">built-in</Badge> : null}
              </TableCell>
              <TableCell className="tabular-nums">
                <Link href={listHref[t.id] ?? "/seeds"} className="underline">
                  {t.uses}
                </Link>
              </TableCell>
              <TableCell className="text-muted-foreground text-xs">
                {t.aliases.join(", ") || "—"}
                <form
                  className="mt-1 flex gap-1"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const alias = String(new FormData(e.currentTarget).get("alias") ?? "");
                    run(
                      () => addAliasAction({ termId: t.id, alias }),
                      `"${alias}" now folds onto ${t.value}`,
                    );
                    e.currentTarget.reset();
                  }}
                >
                  <input
                    name="alias"
                    aria-label={`New alias for ${t.value}`}
                    placeholder="add variant…"
                    className="w-32 rounded border px-1.5 py-0.5 text-xs"
                  />
                </form>
              </TableCell>
              {kind === "VIEW" ? (
                <TableCell>
                  <select
                    aria-label={`Group of ${t.value}`}
                    defaultValue={t.viewGroup ?? ""}
                    disabled={pending}
                    onChange={(e) =>
                      run(
                        () =>
                          setViewGroupAction({
                            termId: t.id,
                            viewGroup: e.target.value as (typeof VIEW_GROUPS)[number],
                          }),
                        `${t.value}: group saved`,
                      )
                    }
                    className="rounded border px-1.5 py-1 text-sm"
                  >
                    {VIEW_GROUPS.map((g) => (
                      <option key={g} value={g}>
                        {VIEW_GROUP_LABELS[g]}
                      </option>
                    ))}
                  </select>
                </TableCell>
              ) : null}
              <TableCell>
                {t.builtIn ? (
                  <span className="text-muted-foreground text-xs">—</span>
                ) : (
                  <select
                    aria-label={`Merge ${t.value} into`}
                    value=""
                    disabled={pending}
                    onChange={(e) => {
                      const into = terms.find((x) => x.id === e.target.value);
                      if (into) setMerge({ from: t, into });
                    }}
                    className="max-w-48 rounded border px-1.5 py-1 text-sm"
                  >
                    <option value="">Choose…</option>
                    {terms
                      .filter((x) => x.id !== t.id)
                      .map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.value}
                        </option>
                      ))}
                  </select>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Dialog open={merge !== null} onOpenChange={(open) => (open ? null : setMerge(null))}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>
              Merge “{merge?.from.value}” into “{merge?.into.value}”?
            </DialogTitle>
            <DialogDescription>
              {tasks(merge?.from.uses ?? 0)} {merge?.from.uses === 1 ? "changes" : "change"} to “
              {merge?.into.value}”, each with a new revision. “{merge?.from.value}” and its aliases will fold
              onto “{merge?.into.value}” from now on. This is recorded in the audit log.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setMerge(null)}>
              Cancel
            </Button>
            <Button
              disabled={pending}
              onClick={() => {
                const m = merge;
                setMerge(null);
                if (m)
                  run(
                    () => mergeTermsAction({ fromId: m.from.id, intoId: m.into.id }),
                    `Merged into ${m.into.value}`,
                  );
              }}
            >
              Merge
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
