"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { commentAction } from "@/lib/review/actions";

// A reply being written is kept per task for the tab (sessionStorage): the review queue shows the next task in
// the same place, and a draft must neither follow the reviewer there (it was posted on the wrong task) nor be lost.
const draftKey = (seedId: string) => `medseed.reply.${seedId}`;

function readDraft(seedId: string): string {
  try {
    return window.sessionStorage.getItem(draftKey(seedId)) ?? "";
  } catch {
    return ""; // storage off: no draft kept
  }
}

function keepDraft(seedId: string, text: string): void {
  try {
    if (text) window.sessionStorage.setItem(draftKey(seedId), text);
    else window.sessionStorage.removeItem(draftKey(seedId));
  } catch {}
}

/** One task's reply box (keyed by the task: a new task is a new, empty form, or that task's own draft). */
export function CommentForm({ seedId }: { seedId: string }) {
  return <ReplyForm key={seedId} seedId={seedId} />;
}

function ReplyForm({ seedId }: { seedId: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const body = useRef<HTMLTextAreaElement>(null);
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(commentAction, () => {
    form.current?.reset();
    keepDraft(seedId, "");
    router.refresh();
  });
  // This task's draft, if the reviewer left one here earlier in this tab (after hydration: the server has none).
  useEffect(() => {
    const draft = readDraft(seedId);
    if (draft && body.current && !body.current.value) body.current.value = draft;
  }, [seedId]);
  return (
    <form ref={form} onSubmit={onSubmit} className="grid gap-2" noValidate>
      <input type="hidden" name="id" value={seedId} />
      <Label htmlFor="comment-body">Reply</Label>
      <Textarea
        id="comment-body"
        name="body"
        ref={body}
        rows={2}
        onChange={(e) => keepDraft(seedId, e.currentTarget.value)}
        aria-describedby="comment-body-error comment-body-hint"
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <p id="comment-body-hint" className="text-muted-foreground text-xs">
        Ctrl+Enter posts the reply.
      </p>
      <FieldError id="comment-body-error" message={fieldErrors?.body ?? formError} />
      <Button type="submit" size="sm" variant="outline" disabled={pending} className="justify-self-start">
        Post reply
      </Button>
    </form>
  );
}
