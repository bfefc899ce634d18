import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { Neighbour } from "@/lib/dataset/neighbours";
import type { getRecord } from "@/lib/dataset/records";

type GeneratedRecord = NonNullable<Awaited<ReturnType<typeof getRecord>>>;

/** The kept records and seeds most like this one, by ROUGE-L F1 on the instruction. */
export function NeighboursCard({ neighbours }: { neighbours: Neighbour[] }) {
  return (
    <Card role="region" aria-labelledby="neighbours-h">
      <CardHeader>
        <CardTitle>
          <h2 id="neighbours-h">Nearest neighbours (ROUGE-L)</h2>
        </CardTitle>
      </CardHeader>
      <CardContent>
        {neighbours.length ? (
          <ol className="grid gap-2 text-sm">
            {neighbours.map((n) => (
              <li key={`${n.kind}:${n.id}`} className="grid grid-cols-[3.5rem_1fr] gap-2">
                <span className="font-mono text-xs">{n.score.toFixed(3)}</span>
                <span>
                  {n.kind === "record" ? (
                    <Link href={`/datasets/records/${n.id}`}>{n.instruction}</Link>
                  ) : (
                    <>
                      <Badge variant="outline" className="mr-1">
                        seed
                      </Badge>
                      {n.instruction}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-muted-foreground text-sm">
            No other record shares a word with this instruction.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

/** Every curation change of the record, newest first. */
export function HistoryCard({ edits }: { edits: GeneratedRecord["edits"] }) {
  return (
    <Card role="region" aria-labelledby="history-h">
      <CardHeader>
        <CardTitle>
          <h2 id="history-h">History</h2>
        </CardTitle>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-2 text-sm">
          {edits.map((e) => (
            <li key={e.version}>
              <span className="font-medium">
                {e.change === "edit" ? "Edited" : e.change === "exclude" ? "Excluded" : "Included again"}
              </span>{" "}
              by {e.by}, <LocalTime iso={e.at.toISOString()} />
              {e.reason ? <div className="text-muted-foreground text-xs">{e.reason}</div> : null}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
