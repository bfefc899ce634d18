import { LocalTime } from "@/components/ui/local-time";
import type { OpenRequest } from "@/lib/review/resubmission";

/** Beside the editor of a task sent back: what the reviewer asked for, so the author fixes exactly that. */
export function OpenRequestNote({ request }: { request: OpenRequest }) {
  const rejected = request.decision === "REJECT";
  return (
    <section
      aria-label={rejected ? "Rejected" : "Changes requested"}
      className="grid gap-2 rounded-md border border-warning/60 bg-warning/10 p-3 text-sm"
    >
      <h2 className="font-medium">{rejected ? "Rejected" : "Changes requested"}</h2>
      <p className="text-muted-foreground text-xs">
        {request.reviewer} on version {request.fromVersion}, <LocalTime iso={request.at.toISOString()} />
      </p>
      {request.reason ? (
        <blockquote className="whitespace-pre-wrap break-words border-warning border-l-2 pl-3">
          {request.reason}
        </blockquote>
      ) : null}
      <p className="text-muted-foreground text-xs">
        Reply below if something is unclear. When you submit again, the reviewer sees this request and what
        you changed.
      </p>
    </section>
  );
}
