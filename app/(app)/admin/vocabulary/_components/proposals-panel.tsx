"use client";

import Link from "next/link";
import { useMemo, useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/auth/action";
import { looseTermKey } from "@/lib/model/term-likeness";
import type { ProposalRow } from "@/lib/vocabulary/proposals";
import { acceptProposalsAction, decideProposalAction } from "../actions";

type Target = { id: string; value: string };
type Props = {
  pending: ProposalRow[];
  rejected: ProposalRow[];
  targets: Record<"TOPIC" | "VIEW", Target[]>;
  listHref: Record<string, string>;
};

const KIND = { TOPIC: "topic", VIEW: "view", TASK_TYPE: "task type" } as const;

/** New topics and views typed by authors, waiting for an admin: accept, merge into an accepted value, or reject. */
export function ProposalsPanel({ pending, rejected, targets, listHref }: Props) {
  const [busy, start] = useTransition();
  // A proposal probably spelt like an accepted value (its merge preset to it), or like another proposal.
  // Each value's key once, not per pair and per render: an import proposes a hundred values and every tick of
  // a checkbox renders the list again.
  const alikeById = useMemo(() => {
    const acceptedByKey = new Map<string, Target>();
    for (const kind of ["TOPIC", "VIEW"] as const)
      for (const t of targets[kind] ?? []) acceptedByKey.set(`${kind}\u0000${looseTermKey(t.value)}`, t);
    const keyed = pending.map((p) => ({ p, key: `${p.kind}\u0000${looseTermKey(p.value)}` }));
    const proposedByKey = new Map<string, ProposalRow[]>();
    for (const { p, key } of keyed) proposedByKey.set(key, [...(proposedByKey.get(key) ?? []), p]);
    return new Map(
      keyed.map(({ p, key }) => {
        const accepted = acceptedByKey.get(key);
        const proposed = proposedByKey.get(key)?.find((o) => o.id !== p.id);
        return [p.id, accepted ? { accepted } : proposed ? { proposed } : null];
      }),
    );
  }, [pending, targets]);
  const alike = (p: ProposalRow) => alikeById.get(p.id) ?? null;
  // Ticked proposals, for "Accept selected" (an import can propose a hundred values at once).
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const live = pending.filter((p) => picked.has(p.id)).map((p) => p.id);
  const allPicked = pending.length > 0 && live.length === pending.length;
  const toggle = (id: string, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  /** Runs an action; its failure (or no connection) is a toast, its success a toast worded from its data. */
  const act = <T,>(call: () => Promise<ActionResult<T>>, success: (data: T) => string, then?: () => void) =>
    start(async () => {
      const r = await reach(call());
      if (!r.ok)
        return void toast.error(
          Object.values(r.fieldErrors ?? {})[0]?.[0] ?? r.message ?? "That did not work.",
        );
      then?.();
      toast.success(success(r.data));
    });
  const acceptPicked = () =>
    act(
      () => acceptProposalsAction({ termIds: live }),
      ({ accepted, alreadyDecided }) =>
        `${accepted} value${accepted === 1 ? "" : "s"} accepted` +
        (alreadyDecided ? ` (${alreadyDecided} already decided by someone else, left as they were)` : ""),
      () => setPicked(new Set()),
    );
  const decide = (input: Parameters<typeof decideProposalAction>[0], success: string) =>
    act(
      () => decideProposalAction(input),
      () => success,
    );
  return (
    <Card role="region" aria-labelledby="proposals-h">
      <CardHeader>
        <CardTitle>
          <h2 id="proposals-h">Proposed values ({pending.length})</h2>
        </CardTitle>
        <CardDescription>
          New topics and views typed by authors. Until decided, only their authors are offered them. Merging
          re-points the tasks to the accepted value; rejecting keeps the tasks' text but their authors are
          asked for another value, with your reason, when they next save.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {pending.length === 0 ? (
          <p className="text-muted-foreground text-sm">Nothing waits: new values authors type appear here.</p>
        ) : (
          <>
            <fieldset className="flex flex-wrap items-center gap-3" aria-label="Accept several">
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={allPicked}
                  onChange={(e) =>
                    setPicked(e.target.checked ? new Set(pending.map((p) => p.id)) : new Set())
                  }
                />
                Select all {pending.length}
              </label>
              <Button size="sm" disabled={busy || live.length === 0} onClick={acceptPicked}>
                Accept selected ({live.length})
              </Button>
            </fieldset>
            <ul className="grid gap-3">
              {pending.map((p) => (
                <li
                  key={p.id}
                  className="grid gap-2 rounded-md border p-3"
                  aria-label={`Proposed ${KIND[p.kind]} ${p.value}`}
                >
                  <div className="flex flex-wrap items-baseline gap-2">
                    <input
                      type="checkbox"
                      className="size-4 self-center"
                      aria-label={`Select ${KIND[p.kind]} ${p.value}`}
                      checked={picked.has(p.id)}
                      onChange={(e) => toggle(p.id, e.target.checked)}
                    />
                    <Badge variant="secondary">{KIND[p.kind]}</Badge>
                    <span className="font-medium break-all">{p.value}</span>
                    <span className="text-muted-foreground text-xs">
                      by {p.proposers.join(", ") || "an import"} ·{" "}
                      <Link href={listHref[p.id] ?? "/seeds"} className="underline">
                        {p.uses} task{p.uses === 1 ? "" : "s"}
                      </Link>
                    </span>
                    {(() => {
                      const same = alike(p);
                      if (!same) return null;
                      return (
                        <span className="text-warning-foreground text-xs" data-testid="proposal-alike">
                          {same.accepted
                            ? `Probably the same as the accepted “${same.accepted.value}”: Merge below is set to it.`
                            : `Probably the same as the proposed “${same.proposed.value}”: accept one, then merge the other into it.`}
                        </span>
                      );
                    })()}
                  </div>
                  <div className="flex flex-wrap items-end gap-2">
                    <Button
                      size="sm"
                      disabled={busy}
                      onClick={() => decide({ termId: p.id, decision: "accept" }, `"${p.value}" accepted`)}
                    >
                      Accept
                    </Button>
                    <form
                      className="flex items-center gap-1"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const intoId = String(new FormData(e.currentTarget).get("intoId") ?? "");
                        const into = targets[p.kind as "TOPIC" | "VIEW"]?.find((t) => t.id === intoId);
                        decide(
                          { termId: p.id, decision: "merge", intoId },
                          `"${p.value}" merged into "${into?.value ?? "the chosen value"}"`,
                        );
                      }}
                    >
                      <label className="sr-only" htmlFor={`into-${p.id}`}>
                        Merge {p.value} into
                      </label>
                      <select
                        id={`into-${p.id}`}
                        name="intoId"
                        defaultValue={alike(p)?.accepted?.id ?? ""}
                        className="h-8 max-w-48 rounded-md border border-input bg-background px-2 text-sm"
                      >
                        <option value="">Merge into…</option>
                        {(targets[p.kind as "TOPIC" | "VIEW"] ?? []).map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.value}
                          </option>
                        ))}
                      </select>
                      <Button size="sm" variant="outline" type="submit" disabled={busy}>
                        Merge
                      </Button>
                    </form>
                    <form
                      className="flex items-center gap-1"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
                        decide({ termId: p.id, decision: "reject", reason }, `"${p.value}" rejected`);
                      }}
                    >
                      <label className="sr-only" htmlFor={`reason-${p.id}`}>
                        Reason to reject {p.value}
                      </label>
                      <Input
                        id={`reason-${p.id}`}
                        name="reason"
                        placeholder="Reason to reject"
                        maxLength={300}
                        className="h-8 w-56"
                      />
                      <Button size="sm" variant="destructive" type="submit" disabled={busy}>
                        Reject
                      </Button>
                    </form>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
        {rejected.length ? (
          <details>
            <summary className="cursor-pointer text-sm">Rejected values ({rejected.length})</summary>
            <ul className="mt-2 grid gap-1 text-sm">
              {rejected.map((r) => (
                <li key={r.id}>
                  <span className="font-medium break-all">{r.value}</span> ({KIND[r.kind]}, {r.uses} task
                  {r.uses === 1 ? "" : "s"}): {r.reviewNote}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </CardContent>
    </Card>
  );
}
