"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { ProgressBar } from "@/components/generation/job-bits";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { recheckLeakageAction } from "../actions";

const POLL_MS = 1500;

/**
 * A leakage check in progress (the server-rendered page refreshed until it ends) and "Check again", for
 * those who may run evaluations.
 */
export function LeakageLive({
  versionId,
  pending,
  checked,
  mayCheck,
}: {
  versionId: string;
  pending: { state: "queued" | "running"; done: number; total: number } | null;
  checked: boolean;
  mayCheck: boolean;
}) {
  const router = useRouter();
  const [busy, start] = useTransition();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [pending, router]);

  return (
    <div className="grid gap-2">
      {pending ? (
        <div className="flex items-center gap-3">
          <ProgressBar
            value={pending.total ? pending.done / pending.total : 0}
            label="Leakage check: records read"
          />
          <span className="whitespace-nowrap text-sm tabular-nums">
            {pending.state === "queued"
              ? "Leakage check queued: waiting for a worker"
              : `Checking for leakage: ${pending.done.toLocaleString("en-US")} / ${pending.total.toLocaleString("en-US")} records read`}
          </span>
        </div>
      ) : null}
      {mayCheck && !pending ? (
        <div>
          <Button
            variant="outline"
            disabled={busy}
            onClick={() =>
              start(async () => {
                const r = await recheckLeakageAction({ versionId });
                if (!r.ok) setError(r.message);
                router.refresh();
              })
            }
          >
            {checked ? "Check again" : "Check for leakage"}
          </Button>
        </div>
      ) : null}
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
