"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { TextField } from "@/components/forms/text-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { countOf } from "@/lib/utils/plural";
import { createTestsetAction, freezeNewVersionAction } from "../test-item-actions";

/** "Freeze new version": the latest version's items plus the approved ones, as a new frozen version. */
export function FreezeNewVersionButton({ testSetId, approved }: { testSetId: string; approved: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid gap-2">
      <Button
        disabled={pending || approved === 0}
        onClick={() =>
          start(async () => {
            const r = await freezeNewVersionAction({ testSetId }).catch(() => null);
            if (!r) return setError("MedSeed cannot be reached. Try again.");
            if (!r.ok) return setError(r.message);
            toast.success(
              `Version ${r.data.number} frozen: ${countOf(r.data.items, "item")}, ${r.data.added} new`,
            );
            router.push(`/evaluation/testsets/${testSetId}?version=${r.data.number}`);
            router.refresh();
          })
        }
      >
        {pending ? "Freezing…" : `Freeze new version (${approved} approved)`}
      </Button>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}

/** An empty test set, to write items into in the app. */
export function NewTestsetForm() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [name, setName] = useState("");
  const [error, setError] = useState<string[] | undefined>();
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      aria-label="New test set"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await createTestsetAction({ name, description: "" }).catch(() => null);
          if (!r) return setError(["MedSeed cannot be reached. Try again."]);
          if (!r.ok) return setError(r.fieldErrors?.name ?? [r.message]);
          router.push(`/evaluation/testsets/${r.data.id}`);
        });
      }}
    >
      <TextField
        name="name"
        id="new-testset-name"
        label="Name of a new test set"
        value={name}
        maxLength={120}
        onChange={(e) => setName(e.target.value)}
        error={error}
      />
      <Button type="submit" variant="outline" disabled={pending}>
        Create and write items
      </Button>
    </form>
  );
}
