import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { getRecord } from "@/lib/dataset/records";

type GeneratedRecord = NonNullable<Awaited<ReturnType<typeof getRecord>>>;

/** Where a record came from: the seeds its request showed the model, the request and the prompts. */
export function RecordOrigin({ record }: { record: GeneratedRecord }) {
  return (
    <>
      <Card role="region" aria-labelledby="seeds-h">
        <CardHeader>
          <CardTitle>
            <h2 id="seeds-h">The seeds it came from</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <ol className="grid gap-3">
            {record.shownSeeds.map((s, i) => (
              <li key={s.id} className="rounded-md border p-3 text-sm">
                <div className="text-muted-foreground text-xs">
                  Example {i + 1} · {[s.taskType, s.topic, s.view, `difficulty ${s.difficulty}`].join(" · ")}
                </div>
                <p className="mt-1 whitespace-pre-wrap">{s.instruction}</p>
                {s.input ? <p className="mt-1 text-muted-foreground text-xs">{s.input}</p> : null}
                {s.inApp ? (
                  <Link href={`/seeds/${s.id}`} className="mt-1 inline-block text-xs">
                    Open seed task
                  </Link>
                ) : null}
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Provenance</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-3 text-sm">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-muted-foreground">Job</dt>
            <dd>
              <Link href={`/datasets/jobs/${record.jobId}`}>Job #{record.job.number}</Link> from{" "}
              {record.job.seedSource}
            </dd>
            <dt className="text-muted-foreground">Request</dt>
            <dd>
              #{record.request.index} to {record.request.model ?? "the task model"} (finish:{" "}
              {record.request.finishReason ?? "?"})
            </dd>
            <dt className="text-muted-foreground">Prompt versions</dt>
            <dd>
              task v{record.job.taskPromptVersion} · response v{record.job.responsePromptVersion}
            </dd>
            <dt className="text-muted-foreground">Response model</dt>
            <dd>{record.responseModel ?? "–"}</dd>
          </dl>
          <details className="rounded-md border p-3">
            <summary className="cursor-pointer">The block as the model wrote it</summary>
            <pre className="mt-2 whitespace-pre-wrap text-xs">{record.raw}</pre>
          </details>
          <details className="rounded-md border p-3">
            <summary className="cursor-pointer">
              The whole completion of request #{record.request.index}
            </summary>
            <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap text-xs">
              {record.request.completion}
            </pre>
          </details>
        </CardContent>
      </Card>
    </>
  );
}
