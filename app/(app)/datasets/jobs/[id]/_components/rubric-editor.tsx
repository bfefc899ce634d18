"use client";

import { useRouter } from "next/navigation";
import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { saveRubricAction } from "../../../rating-actions";

/** Admins edit the rater's rubric; each save is a new version, and runs already made keep theirs. */
export function RubricEditor({ rubric }: { rubric: { version: number; system: string; user: string } }) {
  const router = useRouter();
  const save = useFormAction(saveRubricAction, () => router.refresh());
  return (
    <form onSubmit={save.onSubmit} className="grid gap-3" aria-label="Edit the rubric">
      <input type="hidden" name="basedOn" value={rubric.version} />
      <div className="grid gap-1.5">
        <Label htmlFor="rubric-system">System message</Label>
        <Textarea id="rubric-system" name="system" defaultValue={rubric.system} rows={3} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="rubric-user">
          Rubric (must keep {"{{instruction}}"} and {"{{response}}"})
        </Label>
        <Textarea
          id="rubric-user"
          name="user"
          defaultValue={rubric.user}
          rows={14}
          className="font-mono text-xs"
        />
      </div>
      <TextField name="note" label="What changed (optional)" />
      <div>
        <Button type="submit" disabled={save.pending}>
          {save.pending ? "Saving…" : `Save as version ${rubric.version + 1}`}
        </Button>
      </div>
      {save.formError ? (
        <Alert variant="destructive">
          <AlertDescription>{save.formError}</AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
