import Link from "next/link";
import type * as React from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { PhiCategory } from "@/lib/phi/categories";
import { OpenFinding } from "./seed-phi-findings";

type Props = {
  /** reviewers and admins may mark the finding "not PHI" here (the server checks it again) */
  canResolve: boolean;
  endpoint: string;
  trusted: { reason: string; by: string; at: string } | null;
  /** the job's choice for model-written text */
  modelText: "pause" | "warn";
  /** a control that resumes the job warning on model-written text (only for whoever may run it) */
  warnAndResume?: React.ReactNode;
  block: {
    field: string;
    category: string;
    text: string;
    more: number;
    source: { targetType: "seed" | "generated"; targetId: string; label: string } | null;
  } | null;
};

/**
 * The PHI gate on a job's page: the finding it stopped the job on (with where to resolve it), and, on every
 * job whose endpoint an admin marked trusted, that the gate only warns there.
 */
export function JobPhiNotice({ canResolve, endpoint, trusted, modelText, block, warnAndResume }: Props) {
  return (
    <div className="mt-4 grid gap-3">
      {block ? (
        <Alert variant="destructive">
          <AlertTitle>Paused by the PHI gate: nothing carrying this was sent</AlertTitle>
          <AlertDescription className="grid gap-2">
            <p>
              {block.category} <code>{block.text}</code> in{" "}
              {block.source ? `${block.source.label}, ${block.field}` : "the request"}
              {block.more ? ` (and ${block.more} more)` : ""}.
            </p>
            <p>
              Have the author replace it with a placeholder, or a reviewer mark it "not PHI" with a reason
              {block.source?.targetType === "seed" ? (
                <>
                  {" "}
                  on <Link href={`/seeds/${block.source.targetId}`}>the seed's page</Link>
                </>
              ) : null}
              ; then resume the job. (A seed changed after export keeps its exported text in this job: start a
              new job from a new export if you replace it.)
            </p>
            {block.source?.targetType === "generated" && warnAndResume ? (
              <div className="grid gap-1">
                <p>
                  This text was written by the model, not by a clinician: no patient record went into it. If
                  models inventing ages and names is expected here, let model-written text through with a
                  warning in the job's log from now on (seeds are still screened and still stop the job).
                </p>
                {warnAndResume}
              </div>
            ) : null}
            {block.source ? (
              <ul aria-label="Finding that stopped the job">
                <OpenFinding
                  targetType={block.source.targetType}
                  targetId={block.source.targetId}
                  finding={{ field: block.field, category: block.category as PhiCategory, text: block.text }}
                  canResolve={canResolve}
                />
              </ul>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : null}
      {modelText === "warn" ? (
        <Alert variant="warning">
          <AlertTitle>PHI gate: model-written text is sent with a warning</AlertTitle>
          <AlertDescription>
            Possible patient identifiers in the tasks the model wrote are logged as warnings in this job's
            log, not stopped at. The seeds are screened as always.
          </AlertDescription>
        </Alert>
      ) : null}
      {trusted ? (
        <Alert variant="warning">
          <AlertTitle>PHI gate: warning only for this endpoint</AlertTitle>
          <AlertDescription>
            {endpoint} is marked trusted by {trusted.by} ({trusted.reason}), so requests carrying possible
            patient identifiers are sent and logged as warnings, not stopped.
          </AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
