"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { z } from "zod";
import { reach } from "@/components/forms/reach";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import type { PhiUnresolvedDetail } from "@/lib/errors";
import { type PreviewPhi, previewPhiSentence } from "@/lib/exports/preview-words";
import {
  type createExportSchema,
  EXPORT_FORMAT_LABELS,
  EXPORT_FORMATS,
  type ExportFormatName,
} from "@/lib/validation/export";
import { createExportAction, previewExportAction } from "../actions";
import { DEFAULT_FORMAT, type ExportChoices } from "./choices";
import { PhiRefusal } from "./phi-refusal";

type Options = { topics: string[]; views: string[]; types: string[] };
const cls = "h-9 w-full rounded-md border border-input bg-background px-2 text-sm";

type ExportInput = z.input<typeof createExportSchema>;

type Preview = PreviewPhi & { seeds: number };

export function CreateExportForm({
  options,
  initial,
  chosen,
  chosenPreview,
  canAcceptPhi,
}: {
  options: Options;
  /** the preview of an export of every approved seed (all filters "Any"), read with the page */
  initial: Preview;
  /** the choices the page's URL carried (a shared or reloaded link), and their preview */
  chosen: ExportChoices;
  chosenPreview: Preview;
  /** phi.accept: a refusal for unresolved identifiers offers "Accept and export" */
  canAcceptPhi: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  // A refusal for possible patient identifiers, with the input it refused (what "Accept and export" sends again)
  const [refusal, setRefusal] = useState<{ detail: PhiUnresolvedDetail; input: ExportInput }>();
  // Why "Accept and export" was refused: the reason (empty, too short), or otherwise
  const [acceptError, setAcceptError] = useState<{ reason?: string; other?: string }>();
  const approved = initial.seeds;
  // How many approved seeds the chosen filters hold now, and how many of them would stop the export for a
  // possible patient identifier; all "Any" is the page's own preview. Only the latest request's answer is
  // shown (a quicker answer to an older choice must not overwrite it).
  const [matching, setMatching] = useState<{ preview: Preview | null; error?: string }>({
    preview: chosenPreview,
  });
  const asked = useRef(0);
  const preview = (form: HTMLFormElement) => {
    const filter = filterOf(new FormData(form));
    const ask = ++asked.current;
    if (!filter.topic && !filter.view && !filter.type && !filter.difficulty.length)
      return setMatching({ preview: initial });
    // Until the answer comes: "Counting…", and no export of a number that may be stale.
    setMatching({ preview: null });
    void reach(previewExportAction(filter)).then((r) => {
      if (ask !== asked.current) return;
      setMatching(r.ok ? { preview: r.data } : { preview: null, error: r.message });
    });
  };
  const seeds = matching.preview?.seeds ?? null;
  const phiWords =
    matching.preview && seeds
      ? previewPhiSentence(matching.preview, (them) =>
          canAcceptPhi ? `you accept ${them} knowingly when it does` : `a reviewer accepts ${them} knowingly`,
        )
      : null;
  const run = (input: ExportInput) =>
    start(async () => {
      const r = await reach(createExportAction(input));
      if (!r.ok) {
        setAcceptError(undefined);
        if (r.detail?.kind === "phi-unresolved") {
          setError(undefined);
          setRefusal({
            detail: r.detail,
            input: { ...input, acceptPhi: undefined, acceptSeen: undefined },
          });
        } else if (input.acceptPhi !== undefined) {
          const reason = r.fieldErrors?.acceptPhi?.join(" ");
          setAcceptError(reason ? { reason } : { other: r.message });
        } else {
          setRefusal(undefined);
          setError(r.message);
        }
        return;
      }
      if (r.data.phiAccepted)
        toast.success(
          `Export #${r.data.number} created; ${r.data.phiAccepted} possible patient ${r.data.phiAccepted === 1 ? "identifier" : "identifiers"} accepted with your reason`,
        );
      router.push(`/exports/${r.data.id}`);
    });
  const select = (name: "type" | "topic" | "view", label: string, values: string[]) => (
    <div className="grid gap-1">
      <Label htmlFor={`export-${name}`}>{label}</Label>
      <select id={`export-${name}`} name={name} className={cls} defaultValue={chosen[name] ?? ""}>
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
    <div className="grid gap-3 rounded-lg border bg-background p-4">
      <form
        className="grid gap-3"
        // A refusal is about the settings it was given: changing one clears it.
        onChange={(e) => {
          setRefusal(undefined);
          setAcceptError(undefined);
          setError(undefined);
          keepInUrl(new FormData(e.currentTarget));
          if ((e.target as HTMLElement).getAttribute("name") !== "format") preview(e.currentTarget);
        }}
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setError(undefined);
          setRefusal(undefined);
          setAcceptError(undefined);
          run({
            format: (String(f.get("format") ?? "") || undefined) as ExportFormatName,
            filter: filterOf(f),
          });
        }}
      >
        <h2 className="font-medium">New export of approved seeds ({approved} approved)</h2>
        <div className="grid gap-3 sm:grid-cols-5">
          <div className="grid gap-1 sm:col-span-5">
            <Label htmlFor="export-format">Format</Label>
            <select id="export-format" name="format" className={cls} defaultValue={chosen.format}>
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
          <fieldset className="grid gap-1">
            <legend className="font-medium text-sm leading-none">Difficulty</legend>
            <div className="flex h-9 items-center gap-2 text-sm">
              {[1, 2, 3, 4, 5].map((d) => (
                <label key={d} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    name="difficulty"
                    value={d}
                    defaultChecked={chosen.difficulty.includes(d)}
                    aria-label={`Difficulty ${d}`}
                  />
                  {d}
                </label>
              ))}
            </div>
            <p className="text-muted-foreground text-xs">Leave all unticked for every difficulty.</p>
          </fieldset>
        </div>
        <div aria-live="polite" className="grid gap-1">
          <p className="text-muted-foreground text-sm" data-testid="export-matching">
            {matching.error
              ? `Could not count the matching seeds: ${matching.error}`
              : seeds === null
                ? "Counting the matching seeds…"
                : seeds === approved
                  ? approved === 1
                    ? "The export will hold the 1 approved seed."
                    : `The export will hold all ${approved} approved seeds.`
                  : seeds === 0
                    ? "No approved seed matches these filters: widen them to make an export."
                    : `The export will hold ${seeds} of the ${approved} approved seeds.`}
          </p>
          {phiWords ? (
            <p
              className={`text-sm ${matching.preview?.withPhi ? "text-destructive" : "text-muted-foreground"}`}
              data-testid="export-matching-phi"
            >
              {phiWords}
            </p>
          ) : null}
        </div>
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        ) : null}
        <Button
          type="submit"
          disabled={pending || approved === 0 || seeds === 0 || (seeds === null && !matching.error)}
          className="justify-self-start"
        >
          {pending && !refusal ? "Exporting…" : "Create export"}
        </Button>
      </form>
      {refusal ? (
        <PhiRefusal
          detail={refusal.detail}
          canAccept={canAcceptPhi}
          pending={pending}
          reasonError={acceptError?.reason}
          acceptError={acceptError?.other}
          // Accepts exactly what this list shows: if the findings changed meanwhile, the new list comes back.
          onAccept={(reason) =>
            run({ ...refusal.input, acceptPhi: reason, acceptSeen: refusal.detail.fingerprint })
          }
        />
      ) : null}
    </div>
  );
}

/** The filter the form's fields describe (empty: any). */
function filterOf(f: FormData) {
  const get = (k: string) => String(f.get(k) ?? "") || undefined;
  return {
    topic: get("topic"),
    view: get("view"),
    type: get("type"),
    difficulty: f.getAll("difficulty").map(Number),
  };
}

/**
 * The choices into the page's URL, replacing the entry (a reload or a shared link opens the same form); the
 * history API, so no server render runs for it (Next.js keeps its router in step with replaceState).
 */
function keepInUrl(f: FormData) {
  const filter = filterOf(f);
  const params = new URLSearchParams();
  const format = String(f.get("format") ?? "");
  if (format && format !== DEFAULT_FORMAT) params.set("format", format);
  for (const key of ["type", "topic", "view"] as const) if (filter[key]) params.set(key, filter[key]);
  if (filter.difficulty.length) params.set("difficulty", filter.difficulty.join(","));
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}
