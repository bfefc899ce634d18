import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { recordQuality } from "@/lib/dataset/record-quality";
import { COPY_ROUGE } from "@/lib/validation/dataset";

type Quality = NonNullable<Awaited<ReturnType<typeof recordQuality>>>;

/** The record's LLM rating with its rationale and raw answer, and its cheap signals. */
export function QualityCard({ quality }: { quality: Quality }) {
  const { rating, signals: s } = quality;
  const flags = s
    ? [
        s.refusal ? "Refusal" : null,
        s.disclaimer ? "Disclaimer" : null,
        s.rougeLInstruction >= COPY_ROUGE ? "Copies the instruction" : null,
        s.missingAnswerLine ? 'No "The answer is"' : null,
        s.languageMismatch ? "Another language" : null,
      ].filter((f): f is string => f !== null)
    : [];
  return (
    <Card role="region" aria-labelledby="quality-h">
      <CardHeader>
        <CardTitle>
          <h2 id="quality-h">Quality</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {rating ? (
          <>
            <p>
              Rated <strong>{rating.score ?? "no readable score"}</strong>
              {rating.score !== null ? " of 5" : ""} by {rating.model} (rubric v{rating.rubric.version})
            </p>
            <p className="whitespace-pre-wrap text-muted-foreground">{rating.problem ?? rating.rationale}</p>
            <details>
              <summary className="cursor-pointer text-xs">The rater's answer as received</summary>
              <pre className="mt-2 whitespace-pre-wrap rounded-md border p-2 text-xs">{rating.raw}</pre>
            </details>
          </>
        ) : (
          <p className="text-muted-foreground">Not rated yet: rate the job's records on its dataset page.</p>
        )}
        {s ? (
          <div className="grid gap-1">
            <p className="text-xs">
              {s.words} words · ROUGE-L to the instruction {s.rougeLInstruction.toFixed(2)}
            </p>
            <div className="flex flex-wrap gap-1">
              {flags.length ? (
                flags.map((f) => (
                  <Badge key={f} variant="warning">
                    {f}
                  </Badge>
                ))
              ) : (
                <span className="text-muted-foreground text-xs">No signal raised.</span>
              )}
            </div>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
