"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  excludeBelowAction,
  previewExcludeBelowAction,
  undoExcludeBelowAction,
} from "../../../rating-actions";

type Group = { key: string; lose: number; of: number };
type Preview = { threshold: number; total: number; byType: Group[]; byDifficulty: Group[] };
type Past = { batchId: string; threshold: number; count: number; undone: boolean };

function Losses({ caption, groups }: { caption: string; groups: Group[] }) {
  return (
    <table className="text-xs">
      <caption className="text-left font-medium">{caption}</caption>
      <tbody>
        {groups.map((g) => (
          <tr key={g.key}>
            <td className="pr-3">{g.key}</td>
            <td className="text-right tabular-nums">
              {g.lose} of {g.of}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Exclude everything rated below X": a preview of the losses per type and difficulty, then one action. */
export function ExcludeBelow({ jobId, past }: { jobId: string; past: Past[] }) {
  const router = useRouter();
  const [threshold, setThreshold] = useState("3");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<void>) => start(fn);
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="exclude-below">Exclude every record rated below</Label>
          <Input
            id="exclude-below"
            type="number"
            min={1}
            max={5.5}
            step="0.5"
            value={threshold}
            onChange={(e) => {
              setThreshold(e.target.value);
              setPreview(null);
            }}
            className="w-28"
          />
        </div>
        <Button
          variant="outline"
          disabled={pending}
          onClick={() =>
            run(async () => {
              const r = await previewExcludeBelowAction({ jobId, threshold: Number(threshold) });
              setError(r.ok ? null : r.message);
              setPreview(r.ok ? r.data : null);
            })
          }
        >
          Preview
        </Button>
        {preview ? (
          <Button
            variant="destructive"
            disabled={pending || preview.total === 0}
            onClick={() =>
              run(async () => {
                const r = await excludeBelowAction({ jobId, threshold: preview.threshold });
                setError(r.ok ? null : r.message);
                setMessage(r.ok ? `${r.data.excluded} records excluded.` : null);
                setPreview(null);
                router.refresh();
              })
            }
          >
            Exclude {preview.total} records
          </Button>
        ) : null}
      </div>
      {preview ? (
        <div className="flex flex-wrap gap-8" aria-live="polite">
          <Losses caption="Lost per task type" groups={preview.byType} />
          <Losses caption="Lost per difficulty" groups={preview.byDifficulty} />
        </div>
      ) : null}
      {message ? (
        <p role="status" className="text-sm">
          {message}
        </p>
      ) : null}
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      {past.length ? (
        <ul className="grid gap-1 text-xs" aria-label="Earlier exclusions by rating">
          {past.map((p) => (
            <li key={p.batchId} className="flex items-center gap-2">
              Rated below {p.threshold}: {p.count} records {p.undone ? "(undone)" : ""}
              {!p.undone ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={pending}
                  onClick={() =>
                    run(async () => {
                      const r = await undoExcludeBelowAction({ jobId, batchId: p.batchId });
                      setError(r.ok ? null : r.message);
                      setMessage(r.ok ? `${r.data.included} records included again.` : null);
                      router.refresh();
                    })
                  }
                >
                  Undo
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
