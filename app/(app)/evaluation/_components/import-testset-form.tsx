"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { countOf } from "@/lib/utils/plural";
import { importTestsetAction } from "../actions";

const SHOWN = 20;

/** Upload a test set file: checked and imported in one step, all items or none, problems named by line. */
export function ImportTestsetForm() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string; lines?: string[] }>();

  const submit = (form: FormData) =>
    start(async () => {
      const file = form.get("file");
      const name = String(form.get("name") ?? "");
      if (!(file instanceof File) || !file.size) {
        setMessage({ ok: false, text: "Choose a file to import." });
        return;
      }
      const result = await importTestsetAction({
        name,
        fileName: file.name,
        text: await file.text(),
        freeze: form.get("freeze") === "on",
      });
      if (!result.ok) {
        setMessage({ ok: false, text: result.message });
        return;
      }
      const report = result.data;
      if (!report.ok) {
        const n = report.errors.length;
        setMessage({
          ok: false,
          text: `Nothing was imported: ${n === 1 ? "1 problem" : `${n} problems`} in the file${n > SHOWN ? ` (the first ${SHOWN} below)` : ""}. Mend the file and import it again.`,
          lines: report.errors
            .slice(0, SHOWN)
            .map((e) => `line ${e.line}${e.field ? ` (${e.field})` : ""}: ${e.message}`),
        });
        return;
      }
      setMessage({
        ok: true,
        text: report.unchanged
          ? `Nothing new: version ${report.version} of "${report.name}" already holds these ${countOf(report.items, "item")}, so no version was made.`
          : `Imported ${countOf(report.items, "item")} into "${report.name}" version ${report.version}. References: ${report.references.map((r) => `${r.name} (${r.items})`).join(", ")}.`,
      });
      router.push(`/evaluation/testsets/${report.testSetId}`);
    });

  return (
    <form
      // Not `action=`: React resets a form after its action, and a refused file would lose the name typed and
      // the file chosen (the person mends the file and imports again).
      onSubmit={(e) => {
        e.preventDefault();
        submit(new FormData(e.currentTarget));
      }}
      className="grid gap-3 rounded-lg border p-4 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end"
    >
      <div className="grid gap-1.5">
        <Label htmlFor="testset-name">Test set name</Label>
        <Input id="testset-name" name="name" required maxLength={120} placeholder="MedInstruct-test" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="testset-file">File (MedInstruct-test JSONL, alpaca_eval, Alpaca or MedSeed)</Label>
        <Input
          id="testset-file"
          name="file"
          type="file"
          accept=".json,.jsonl,.ndjson,application/json"
          required
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="freeze" defaultChecked /> Freeze now
      </label>
      <Button type="submit" disabled={pending}>
        {pending ? "Importing…" : "Import test set"}
      </Button>
      {message ? (
        <Alert variant={message.ok ? "default" : "destructive"} className="sm:col-span-4">
          <AlertDescription>
            <p>{message.text}</p>
            {message.lines?.length ? (
              <ul className="mt-1 list-disc pl-5">
                {message.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
