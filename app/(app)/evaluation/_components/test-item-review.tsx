"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import type { TestItemDecision } from "@/lib/model/test-item-states";
import { TEST_ITEM_LIMITS } from "@/lib/validation/test-item";
import { reviewTestItemAction } from "../test-item-actions";

const DONE: Record<TestItemDecision, string> = {
  APPROVE: "Approved: it enters the next frozen version",
  SEND_BACK: "Sent back to the author",
  REJECT: "Rejected",
};

/** A reviewer's decision on the version on screen; sending back or rejecting needs a comment. */
export function TestItemReview({ id, version }: { id: string; version: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string[] | undefined>();
  const decide = (decision: TestItemDecision) =>
    start(async () => {
      const r = await reviewTestItemAction({ id, version, decision, comment }).catch(() => null);
      if (!r) return setError("MedSeed cannot be reached. Try again.");
      if (!r.ok) {
        setFieldError(r.fieldErrors?.comment);
        return setError(r.fieldErrors?.comment ? null : r.message);
      }
      toast.success(DONE[decision]);
      router.refresh();
    });
  return (
    <section aria-labelledby="review-heading" className="grid gap-3 rounded-md border p-3">
      <h2 id="review-heading" className="font-medium">
        Review
      </h2>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-1.5">
        <Label htmlFor="review-comment">Comment (needed to send back or reject)</Label>
        <Textarea
          id="review-comment"
          rows={3}
          maxLength={TEST_ITEM_LIMITS.comment}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "review-comment-error" : undefined}
        />
        <FieldError id="review-comment-error" message={fieldError} />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button disabled={pending} onClick={() => decide("APPROVE")}>
          Approve
        </Button>
        <Button variant="outline" disabled={pending} onClick={() => decide("SEND_BACK")}>
          Send back
        </Button>
        <Button variant="destructive" disabled={pending} onClick={() => decide("REJECT")}>
          Reject
        </Button>
      </div>
    </section>
  );
}
