import type { RefObject } from "react";
import { Badge } from "@/components/ui/badge";
import { SPOT_GRADE_LABELS } from "@/lib/model/spot-grades";
import type { GraderItem } from "./grader";

const VARIANT = {
  ACCEPTABLE: "default",
  WRONG: "outline",
  UNSAFE: "destructive",
  OFF_TASK: "secondary",
} as const;

/** The record being graded: its heading (focused when the grader moves to it), tags and text. */
export function GraderRecord({
  item,
  index,
  total,
  heading,
}: {
  item: GraderItem;
  index: number;
  total: number;
  heading: RefObject<HTMLHeadingElement | null>;
}) {
  const t = item.task;
  return (
    <>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="item-h" ref={heading} tabIndex={-1} className="font-medium outline-none">
          Record {index + 1} of {total}
          {t.seq ? <span className="text-muted-foreground text-sm"> · #{t.seq}</span> : null}
        </h2>
        {item.grade ? (
          <Badge variant={VARIANT[item.grade]}>
            graded {SPOT_GRADE_LABELS[item.grade].toLowerCase()}
            {item.grader ? ` by ${item.grader}` : ""}
          </Badge>
        ) : (
          <Badge variant="outline">not graded</Badge>
        )}
      </header>
      <p className="text-muted-foreground text-xs">
        {[t.taskType, t.topic, t.view, t.difficulty ? `difficulty ${t.difficulty}` : ""]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <section className="grid gap-1">
        <h3 className="font-medium text-muted-foreground text-xs uppercase">Instruction</h3>
        <p className="whitespace-pre-wrap">{t.instruction}</p>
      </section>
      {t.input ? (
        <section className="grid gap-1">
          <h3 className="font-medium text-muted-foreground text-xs uppercase">Input</h3>
          <p className="whitespace-pre-wrap text-sm">{t.input}</p>
        </section>
      ) : null}
      <section className="grid gap-1">
        <h3 className="font-medium text-muted-foreground text-xs uppercase">Response</h3>
        <p className="whitespace-pre-wrap text-sm">{t.output}</p>
      </section>
    </>
  );
}
