"use client";

import { useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { revokeTokenAction } from "../actions";

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [pending, start] = useTransition();
  const revoke = () =>
    new Promise<boolean>((done) =>
      start(async () => {
        const result = await reach(revokeTokenAction({ id }));
        if (result.ok) toast.success(`Token “${name}” revoked`);
        else toast.error(result.message);
        done(result.ok);
      }),
    );
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="outline" aria-label={`Revoke token ${name}`}>
          Revoke
        </Button>
      }
      title={`Revoke “${name}”?`}
      description="Scripts using this token get 401 from their next request on. This cannot be undone: create a new token if you need access again."
      confirmLabel="Revoke token"
      pendingLabel="Revoking…"
      pending={pending}
      onConfirm={revoke}
    />
  );
}
