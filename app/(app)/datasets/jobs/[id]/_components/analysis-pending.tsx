"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While the analysis is being (re)computed in the background, the page looks again every few seconds. */
export function AnalysisPending({ message }: { message: string }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), 3000);
    return () => clearInterval(t);
  }, [router]);
  return (
    <p
      role="status"
      className="rounded-lg border border-dashed p-6 text-center text-muted-foreground text-sm"
    >
      {message}
    </p>
  );
}
