"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Button } from "@/components/ui/button";
import { resumeJobAction } from "../actions";

/** Resumes a job paused by the PHI gate on model-written text, letting such text through with a warning. */
export function ResumeWarningButton({ jobId }: { jobId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="grid gap-1">
      <Button
        size="sm"
        variant="outline"
        className="w-fit"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await reach(resumeJobAction({ jobId, phiModelText: "warn" }));
            if (!r.ok) return setError(r.message);
            setError(undefined);
            router.refresh();
          })
        }
      >
        Resume, warning on model-written text
      </Button>
      {error ? <p className="text-sm">{error}</p> : null}
    </div>
  );
}
