"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { freezeVersionAction } from "../actions";

export function FreezeButton({ versionId }: { versionId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="outline"
      disabled={pending}
      onClick={() =>
        start(async () => {
          await freezeVersionAction({ versionId });
          router.refresh();
        })
      }
    >
      Freeze this version
    </Button>
  );
}
