"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { reach } from "@/components/forms/reach";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { archiveSeedAction } from "@/lib/review/actions";

/**
 * A draft given up from its editor (a start abandoned, a duplicate): archived after asking, as the task page's
 * Archive does, and the author taken back to the list. Without it, every abandoned start stayed in the drafts.
 */
export function DiscardDraft({ id, onDiscarded }: { id: string; onDiscarded: () => void }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="ghost" size="sm">
          Discard draft
        </Button>
      }
      title="Discard this draft?"
      description="It is archived: kept on record with its history, but out of your drafts, never reviewed or exported. The Archived status filter of the seed list still finds it."
      confirmLabel="Discard draft"
      pendingLabel="Discarding…"
      pending={pending}
      onConfirm={async () => {
        setPending(true);
        const r = await reach(archiveSeedAction({ id }));
        setPending(false);
        if (!r.ok) {
          toast.error(r.message);
          return false;
        }
        onDiscarded();
        toast.success("Draft discarded (archived)");
        router.push("/seeds");
        return true;
      }}
    />
  );
}
