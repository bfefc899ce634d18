import { Badge } from "@/components/ui/badge";
import { REVIEW_DECISION_LABELS } from "@/lib/model/review-decisions";
import type { SeedCommentView } from "@/lib/review/queue";
import { CommentForm } from "./comment-form";

/** The conversation on a task: reviewers' reasons and everyone's replies, oldest first. */
export function CommentThread({
  seedId,
  comments,
  canComment,
}: {
  seedId: string;
  comments: SeedCommentView[];
  canComment: boolean;
}) {
  return (
    <section aria-labelledby="thread-heading" className="grid gap-3">
      <h2 id="thread-heading" className="font-medium text-sm">
        Discussion
      </h2>
      {comments.length === 0 ? (
        <p className="text-muted-foreground text-sm">
          No comments yet. Reasons for sending a task back appear here.
        </p>
      ) : (
        <ol className="grid gap-2">
          {comments.map((c) => (
            <li key={c.id} className="rounded-md border bg-background p-3 text-sm">
              <div className="mb-1 flex flex-wrap items-center gap-2 text-muted-foreground text-xs">
                <span className="font-medium text-foreground">{c.author}</span>
                <span>{c.createdAt.toLocaleString()}</span>
                <span>on v{c.version}</span>
                {c.decision ? (
                  <Badge variant={c.decision === "APPROVE" ? "success" : "warning"}>
                    {REVIEW_DECISION_LABELS[c.decision]}
                  </Badge>
                ) : null}
              </div>
              <p className="whitespace-pre-wrap break-words">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment ? <CommentForm seedId={seedId} /> : null}
    </section>
  );
}
