"use client";

import { useEffect, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { PublishQuality } from "@/lib/dataset/releases/quality";
import { uncheckedNote } from "@/lib/dataset/spot-coverage";
import { publishQualityAction } from "../../actions";

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The quality gate on the publish form: the spot-check estimate and the unsafe count for the ticked jobs,
 * fetched again whenever the choice changes; below the admin's threshold, a confirmation with a reason.
 * The server checks the same at publish time.
 */
export function PublishQualityPanel({ jobIds, error }: { jobIds: string[]; error?: string[] }) {
  const [quality, setQuality] = useState<PublishQuality | null>(null);
  const [failed, setFailed] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const key = jobIds.join(",");
  useEffect(() => {
    let live = true;
    const ids = key ? key.split(",") : [];
    publishQualityAction({ jobIds: ids })
      .then((r) => {
        if (!live) return;
        setFailed(!r.ok);
        setQuality(r.ok ? r.data : null);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [key]);

  if (!key) return null;
  if (failed)
    return <p className="text-muted-foreground text-sm">The spot-check estimate could not be loaded.</p>;
  if (!quality)
    return (
      <p className="text-muted-foreground text-sm" aria-live="polite">
        Loading the spot-check estimate…
      </p>
    );
  const e = quality.estimate;
  const needs = quality.concerns.length > 0;
  return (
    <section aria-labelledby="quality-title" className="grid gap-3 rounded-md border p-3">
      <h2 id="quality-title" className="font-medium text-sm">
        Quality
      </h2>
      <dl className="grid gap-1 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-4">
        <dt className="text-muted-foreground">Spot check</dt>
        <dd data-testid="quality-estimate">
          {e
            ? `${pct(e.acceptable)} acceptable (95% CI ${pct(e.low)}–${pct(e.high)}, ${e.graded} graded${e.jobs > 1 ? ` over ${e.jobs} jobs` : ""})`
            : "Not spot-checked: nobody has graded a sample of these jobs."}
          {e && uncheckedNote(e.unchecked) ? (
            <span className="block font-medium text-warning-foreground">
              {uncheckedNote(e.unchecked)}. Draw and grade a sample on its dataset page for an estimate of
              all.
            </span>
          ) : null}
        </dd>
        <dt className="text-muted-foreground">Graded unsafe</dt>
        <dd data-testid="quality-unsafe">
          {quality.unsafe === 0
            ? "none still in"
            : `${quality.unsafe} record${quality.unsafe === 1 ? "" : "s"} still in (exclude them on the records page)`}
        </dd>
        <dt className="text-muted-foreground">Threshold</dt>
        <dd>
          {quality.minAcceptable > 0
            ? `${pct(quality.minAcceptable)} acceptable, set by an admin`
            : "off (only records graded unsafe ask for a reason)"}
        </dd>
      </dl>
      {needs ? (
        <Alert variant="destructive">
          <AlertTitle>
            {e && e.acceptable < quality.minAcceptable
              ? "Below the quality threshold"
              : "Records graded unsafe would be published"}
          </AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-4">
              {quality.concerns.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <label className="mt-2 flex items-center gap-2 text-foreground">
              <input type="checkbox" checked={confirmed} onChange={(ev) => setConfirmed(ev.target.checked)} />
              Publish anyway, with a reason
            </label>
          </AlertDescription>
        </Alert>
      ) : null}
      {needs && confirmed ? (
        <div className="grid gap-1.5">
          <Label htmlFor="acceptLowQuality">Reason for publishing below the threshold</Label>
          <Textarea
            id="acceptLowQuality"
            name="acceptLowQuality"
            required
            minLength={10}
            maxLength={1000}
            aria-invalid={error?.length ? true : undefined}
            aria-describedby={`acceptLowQuality-hint${error?.length ? " acceptLowQuality-error" : ""}`}
          />
          <p id="acceptLowQuality-hint" className="text-muted-foreground text-xs">
            Kept on the release, written in its dataset card and the audit log.
          </p>
          <FieldError id="acceptLowQuality-error" message={error} />
        </div>
      ) : needs ? (
        <FieldError id="acceptLowQuality-error" message={error} />
      ) : null}
    </section>
  );
}
