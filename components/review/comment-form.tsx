"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { commentAction } from "@/lib/review/actions";

export function CommentForm({ seedId }: { seedId: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(commentAction, () => {
    form.current?.reset();
    router.refresh();
  });
  return (
    <form ref={form} onSubmit={onSubmit} className="grid gap-2" noValidate>
      <input type="hidden" name="id" value={seedId} />
      <Label htmlFor="comment-body">Reply</Label>
      <Textarea
        id="comment-body"
        name="body"
        rows={2}
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
