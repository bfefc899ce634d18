import { RevisionDiff } from "@/components/seeds/revision-diff";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { ResubmissionDetail } from "@/lib/review/resubmission";

/** Above a resubmitted task in the queue: the request it answers, and what changed since (or that nothing did). */
export function ResubmittedNote({ detail }: { detail: ResubmissionDetail }) {
  const asked = detail.decision === "REJECT" ? "rejected" : "asked for changes on";
  return (
    <section
      aria-label="Resubmitted"
      className="grid gap-2 rounded-md border border-warning/60 bg-warning/10 p-3 text-sm"
    >
      <p className="flex flex-wrap items-center gap-2">
        <Badge variant="warning">Resubmitted</Badge>
        <span>
          {detail.reviewer} {asked} version {detail.fromVersion} (<LocalTime iso={detail.at.toISOString()} />
          ):
        </span>
      </p>
      {detail.reason ? (
        <blockquote className="whitespace-pre-wrap break-words border-warning border-l-2 pl-3">
          {detail.reason}
        </blockquote>
      ) : null}
      {detail.changed ? (
        <div className="grid gap-2">
          <h3 className="font-medium">
            Changes since version {detail.fromVersion} (now version {detail.to.version})
          </h3>
          <RevisionDiff from={detail.from} to={detail.to} content />
        </div>
      ) : (
        <p className="font-medium">Nothing changed since the request.</p>
      )}
    </section>
  );
}
