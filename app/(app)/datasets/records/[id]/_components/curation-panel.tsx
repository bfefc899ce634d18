"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { editRecordAction, excludeRecordAction } from "../../../actions";
import { TextAreaField } from "./text-area-field";

type Props = {
  taskId: string;
  version: number;
  excluded: boolean;
  text: { instruction: string; input: string; output: string };
};

/**
 * Edit a record's text or exclude it from releases (with a reason). Both name the version the page showed:
 * if someone else changed the record meanwhile, the server refuses and what was typed stays here.
 */
export function CurationPanel({ taskId, version, excluded, text }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const done = () => {
    setEditing(false);
    router.refresh();
  };
  const edit = useFormAction(editRecordAction, done);
  const exclude = useFormAction(excludeRecordAction, () => router.refresh());

  return (
    <div className="grid gap-6">
      {editing ? (
        <form onSubmit={edit.onSubmit} className="grid gap-3" aria-label="Edit the record">
          <input type="hidden" name="taskId" value={taskId} />
          <input type="hidden" name="version" value={version} />
          <TextAreaField
            name="instruction"
            label="Instruction"
            defaultValue={text.instruction}
            rows={3}
            error={edit.fieldErrors?.instruction}
          />
          <TextAreaField
            name="input"
            label="Input"
            defaultValue={text.input}
            rows={4}
            error={edit.fieldErrors?.input}
          />
          <TextAreaField
            name="output"
            label="Response"
            defaultValue={text.output}
            rows={8}
            error={edit.fieldErrors?.output}
          />
          <TextAreaField
            name="reason"
            id="field-edit-reason"
            label="Why (optional)"
            rows={2}
            placeholder="e.g. corrected the paediatric dose"
            error={edit.fieldErrors?.reason}
          />
          {edit.formError ? (
            <Alert variant="destructive">
              <AlertDescription>{edit.formError}</AlertDescription>
            </Alert>
          ) : null}
          <div className="flex gap-2">
            <Button type="submit" disabled={edit.pending}>
              {edit.pending ? "Saving…" : "Save edit"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
          <p className="text-muted-foreground text-xs">
            The original text stays on record; the edit is audited.
          </p>
        </form>
      ) : (
        <div>
          <Button type="button" variant="outline" onClick={() => setEditing(true)} disabled={excluded}>
            Edit text
          </Button>
        </div>
      )}

      <form
        onSubmit={exclude.onSubmit}
        className="grid gap-3"
        aria-label={excluded ? "Include the record again" : "Exclude the record"}
      >
        <input type="hidden" name="taskId" value={taskId} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="excluded" value={excluded ? "false" : "true"} />
        {excluded ? null : (
          <TextAreaField
            name="reason"
            label="Reason to exclude"
            rows={2}
            placeholder="e.g. the answer recommends a contraindicated dose"
            error={exclude.fieldErrors?.reason}
          />
        )}
        {exclude.formError && !exclude.fieldErrors?.reason ? (
          <Alert variant="destructive">
            <AlertDescription>{exclude.formError}</AlertDescription>
          </Alert>
        ) : null}
        <div>
          <Button type="submit" variant={excluded ? "outline" : "destructive"} disabled={exclude.pending}>
            {excluded ? "Include again" : "Exclude record"}
          </Button>
        </div>
      </form>
    </div>
  );
}
