"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { validateJudgeTemplate } from "@/lib/evaluation/judge-prompt";
import { saveJudgePromptAction } from "../actions";

/**
 * Admins edit the judge's template; each save is a new version (runs already made keep theirs). The same
 * check as the server's runs as they type, so a missing placeholder is named before they save.
 */
export function JudgePromptEditor({ prompt }: { prompt: { version: number; system: string; user: string } }) {
  const router = useRouter();
  const [text, setText] = useState({ system: prompt.system, user: prompt.user });
  const save = useFormAction(saveJudgePromptAction, () => router.refresh());
  const problems = validateJudgeTemplate(text);
  const userErrors = save.fieldErrors?.user ?? (problems.length ? problems : undefined);
  const changed = text.system !== prompt.system || text.user !== prompt.user;
  return (
    <form onSubmit={save.onSubmit} className="grid gap-3" aria-label="Edit the judge prompt">
      <input type="hidden" name="basedOn" value={prompt.version} />
      <div className="grid gap-1.5">
        <Label htmlFor="judge-system">System message</Label>
        <Textarea
          id="judge-system"
          name="system"
          value={text.system}
          onChange={(e) => setText((t) => ({ ...t, system: e.target.value }))}
          rows={3}
          aria-invalid={save.fieldErrors?.system ? true : undefined}
          aria-describedby={save.fieldErrors?.system ? "judge-system-error" : undefined}
        />
        <FieldError id="judge-system-error" message={save.fieldErrors?.system} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="judge-user">
          Judge prompt (must keep {"{{instruction}}"}, {"{{output_a}}"} and {"{{output_b}}"} once each)
        </Label>
        <Textarea
          id="judge-user"
          name="user"
          value={text.user}
          onChange={(e) => setText((t) => ({ ...t, user: e.target.value }))}
          rows={18}
          className="font-mono text-xs"
          aria-invalid={userErrors ? true : undefined}
          aria-describedby={userErrors ? "judge-user-error" : undefined}
        />
        <FieldError id="judge-user-error" message={userErrors} />
      </div>
      <TextField name="note" label="What changed (optional)" />
      <div>
        <Button type="submit" disabled={save.pending || !changed}>
          {save.pending ? "Saving…" : `Save as version ${prompt.version + 1}`}
        </Button>
      </div>
      {save.formError && !save.fieldErrors?.user ? (
        <Alert variant="destructive">
          <AlertDescription>{save.formError}</AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
