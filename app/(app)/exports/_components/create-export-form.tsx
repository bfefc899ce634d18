"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS, type ExportFormatName } from "@/lib/validation/export";
import { createExportAction } from "../actions";

type Options = { topics: string[]; views: string[]; types: string[] };
const cls = "h-9 w-full rounded-md border border-input bg-background px-2 text-sm";

export function CreateExportForm({ options, approved }: { options: Options; approved: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const select = (name: string, label: string, values: string[]) => (
    <div className="grid gap-1">
      <Label htmlFor={`export-${name}`}>{label}</Label>
      <select id={`export-${name}`} name={name} className={cls} defaultValue="">
        <option value="">Any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      className="grid gap-3 rounded-lg border bg-background p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const get = (k: string) => String(f.get(k) ?? "") || undefined;
        setError(undefined);
        start(async () => {
          const r = await reach(
            createExportAction({
              format: get("format") as ExportFormatName,
              filter: {
                topic: get("topic"),
                view: get("view"),
                type: get("type"),
                difficulty: get("difficulty") ? [Number(get("difficulty"))] : [],
              },
            }),
          );
          if (!r.ok) return setError(r.message);
          router.push(`/exports/${r.data.id}`);
        });
      }}
    >
      <h2 className="font-medium">New export of approved seeds ({approved} approved)</h2>
      <div className="grid gap-3 sm:grid-cols-5">
        <div className="grid gap-1 sm:col-span-5">
          <Label htmlFor="export-format">Format</Label>
          <select id="export-format" name="format" className={cls} defaultValue="alpacare">
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        {select("type", "Task type", options.types)}
        {select("topic", "Topic", options.topics)}
        {select("view", "View", options.views)}
        {select("difficulty", "Difficulty", ["1", "2", "3", "4", "5"])}
      </div>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <Button type="submit" disabled={pending || approved === 0} className="justify-self-start">
        {pending ? "Exporting…" : "Create export"}
      </Button>
    </form>
  );
}
