"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** While a worker builds the release, the page looks again every two seconds. */
export function ReleasePending({ createdAt, note }: { createdAt: string; note: string | null }) {
  const router = useRouter();
  const [waited, setWaited] = useState(0);
  useEffect(() => {
    const t = setInterval(() => {
      setWaited(Math.round((Date.now() - new Date(createdAt).getTime()) / 1000));
      router.refresh();
    }, 2000);
    return () => clearInterval(t);
  }, [router, createdAt]);
  return (
    <div role="status" className="grid gap-2 rounded-lg border border-dashed p-6 text-center text-sm">
      <p>
        Building the files: de-duplicating across the jobs, then writing every format. This page updates by
        itself.
      </p>
      <div className="mx-auto h-2 w-64 overflow-hidden rounded-full bg-muted" aria-hidden="true">
        <div className="h-full w-1/3 animate-pulse rounded-full bg-primary" />
      </div>
      {note ? <p className="text-muted-foreground text-xs">{note}</p> : null}
      {waited > 60 ? (
        <p className="text-muted-foreground text-xs">
          Still waiting after a minute: a background worker builds releases. The app runs one unless started
          with MEDSEED_WORKER=off; then start one with <code>npm run worker</code>.
        </p>
      ) : null}
    </div>
  );
}
