"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

// Unexpected failures while rendering: a way forward instead of a blank page. Details stay in the server log.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl p-8">
      <EmptyState
        title="Something went wrong"
        description="MedSeed could not show this page. Try again; if it keeps happening, tell an admin (the details are in the server log)."
        action={<Button onClick={reset}>Try again</Button>}
      />
    </main>
  );
}
