"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { NEAR_DUPLICATE_THRESHOLD } from "@/lib/model/near-duplicate";
import { SEED_STATUS_LABELS } from "@/lib/model/seed-status";
import { similarSeedsAction } from "@/lib/seeds/actions";
import type { NearDuplicate } from "@/lib/seeds/near-duplicates";

/** The 3 stored tasks most similar to the instruction being typed (ROUGE-L F1, checked on the server). */
export function useSimilarSeeds(instruction: string, excludeId: string | null) {
  const [matches, setMatches] = useState<NearDuplicate[] | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    if (!instruction.trim()) {
      setMatches(null);
      return;
    }
    let cancelled = false;
    const t = setTimeout(async () => {
      setChecking(true);
      const result = await similarSeedsAction({ instruction, excludeId: excludeId ?? undefined }).catch(
        () => null,
      );
      if (cancelled) return;
      setChecking(false);
      if (result?.ok) setMatches(result.data);
    }, 350);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [instruction, excludeId]);
  return { matches, checking };
}

/** The near-duplicate warning alone, for where the list is out of sight (a phone: the list is below the form). */
export function NearDuplicateNote({
  matches,
  className,
}: {
  matches: NearDuplicate[] | null;
  className?: string;
}) {
  const top = matches?.[0];
  if (!top || top.score <= NEAR_DUPLICATE_THRESHOLD) return null;
  return (
    <Alert variant="warning" className={className}>
      <AlertTitle>
        Near-duplicate: ROUGE-L {top.score.toFixed(2)} (above {NEAR_DUPLICATE_THRESHOLD})
      </AlertTitle>
      <AlertDescription>
        Generation treats tasks this similar as duplicates and keeps only one. Make this task clearly
        different, or improve the{" "}
        <Link href={`/seeds/${top.id}`} target="_blank" className="underline">
          existing one
        </Link>{" "}
        instead.
      </AlertDescription>
    </Alert>
  );
}

/** The list of the most similar stored tasks, with the near-duplicate warning above it. */
export function SimilarSeeds({ matches, checking }: { matches: NearDuplicate[] | null; checking: boolean }) {
  return (
    <section aria-labelledby="similar-heading" aria-live="polite" className="grid gap-2">
      <h2 id="similar-heading" className="font-medium text-sm">
        Most similar existing tasks{" "}
        {checking ? <span className="text-muted-foreground text-xs">(checking…)</span> : null}
      </h2>
      <NearDuplicateNote matches={matches} />
      {matches === null ? (
        <p className="text-muted-foreground text-sm">
          Start typing the instruction to compare it with the stored tasks.
        </p>
      ) : matches.length === 0 ? (
        <p className="text-muted-foreground text-sm">No stored task shares a word with this instruction.</p>
      ) : (
        <ol className="grid gap-2">
          {matches.map((m) => (
            <li key={m.id} className="rounded-md border bg-background p-2 text-sm">
              <div className="mb-1 flex items-center gap-2">
                <Badge
                  variant={m.score > NEAR_DUPLICATE_THRESHOLD ? "warning" : "secondary"}
                  className="tabular-nums"
                >
                  ROUGE-L {m.score.toFixed(2)}
                </Badge>
                <span className="text-muted-foreground text-xs">{SEED_STATUS_LABELS[m.status]}</span>
              </div>
              <Link href={`/seeds/${m.id}`} target="_blank" className="line-clamp-3 hover:underline">
                {m.instruction}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
