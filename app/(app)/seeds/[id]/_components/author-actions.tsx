"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { archiveSeedAction, submitSeedAction } from "@/lib/review/actions";

/** The author's own transitions from the task page: submit (drafts, tasks sent back) and archive. */
export function AuthorActions({
  id,
  version,
  canSubmit,
  canArchive,
}: {
  id: string;
  version: number;
  canSubmit: boolean;
  canArchive: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const run = (work: () => Promise<{ ok: boolean; message?: string }>, success: string) =>
    start(async () => {
      const r = await reach(work());
      if (r.ok) toast.success(success);
      else toast.error(r.message ?? "That did not work.");
      router.refresh();
    });
  return (
    <>
      {canSubmit ? (
        <Button
          disabled={pending}
          onClick={() => run(() => submitSeedAction({ id, version }), "Submitted for review")}
        >
          Submit for review
        </Button>
      ) : null}
      {canArchive ? (
        <Button
          variant="ghost"
          disabled={pending}
          onClick={() => {
            if (window.confirm("Archive this task? It stays on record but is no longer used or exported.")) {
              run(() => archiveSeedAction({ id }), "Archived");
            }
          }}
        >
          Archive
        </Button>
      ) : null}
    </>
  );
}
