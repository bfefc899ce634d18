import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { csvField } from "@/lib/utils/csv";
import { BLIND_DOWNLOAD, judgesBlind } from "../blind";
import { judgedInstruction } from "../judge-prompt";
import { evaluationResult } from "../result";
import { judgedItems, loadRunItems } from "../run-items";
import { findRunId } from "../runs";
import { itemScore, JUDGE_ORDERS } from "../scoring";
import { loadRun } from "../views";

export const EVAL_DOWNLOAD_FORMATS = ["json", "csv", "annotations"] as const;
export type EvalDownloadFormat = (typeof EVAL_DOWNLOAD_FORMATS)[number];

/**
 * A run's results as a file: the results JSON (the CLI's contract), one CSV row per item, or alpaca_eval
 * annotations (one row per item and order: output_1 is the answer shown as Output (a); preference 1, 2, or
 * 1.5 for a tie, null when unparsed).
 */
export async function downloadEvalRun(
  actor: Actor,
  input: { run: string; format: EvalDownloadFormat },
): Promise<{ fileName: string; contentType: string; body: string }> {
  authorize(actor, "evaluation.read");
  if (judgesBlind(actor.roles)) throw new AppError("FORBIDDEN", BLIND_DOWNLOAD);
  const run = await loadRun(await findRunId(input.run));
  const items = await loadRunItems(run);
  // A run not completed (cancelled, paused, running) gives a partial result: its files say so in their name.
  const base = `evaluation-run-${run.number}${run.state === "COMPLETED" ? "" : `-partial-${run.state.toLowerCase()}`}`;
  if (input.format === "json") {
    return {
      fileName: `${base}.json`,
      contentType: "application/json",
      body: `${JSON.stringify(evaluationResult(judgedItems(items)), null, 2)}\n`,
    };
  }
  if (input.format === "csv") {
    const header = [
      "id",
      "difficulty",
      "topic",
      "task_type",
      "instruction",
      "reference_first",
      "reference_last",
      "score",
      "candidate",
      "reference",
    ];
    const rows = items.map((i) =>
      [
        i.externalId ?? "",
        i.difficulty === null ? "" : String(i.difficulty),
        i.topic ?? "",
        i.taskType ?? "",
        judgedInstruction(i),
        i.verdicts.reference_first ?? "",
        i.verdicts.reference_last ?? "",
        itemScore(i.verdicts)?.toString() ?? "",
        i.candidate ?? "",
        i.reference ?? "",
      ]
        .map(csvField)
        .join(","),
    );
    return {
      fileName: `${base}.csv`,
      contentType: "text/csv; charset=utf-8",
      body: `${[header.join(","), ...rows].join("\r\n")}\r\n`,
    };
  }
  const annotations = items.flatMap((i) =>
    i.candidate === null || i.reference === null
      ? []
      : JUDGE_ORDERS.filter((o) => i.verdicts[o] !== undefined).map((order) => {
          const candidateFirst = order === "reference_last";
          const outcome = i.verdicts[order];
          const candidatePos = candidateFirst ? 1 : 2;
          return {
            instruction: judgedInstruction(i),
            output_1: candidateFirst ? i.candidate : i.reference,
            generator_1: candidateFirst ? run.candidateModel : run.referenceModel,
            output_2: candidateFirst ? i.reference : i.candidate,
            generator_2: candidateFirst ? run.referenceModel : run.candidateModel,
            annotator: run.judgeModel,
            preference:
              outcome == null
                ? null
                : outcome === "tie"
                  ? 1.5
                  : outcome === "candidate"
                    ? candidatePos
                    : 3 - candidatePos,
            raw_completion: i.raw[order]?.at(-1) ?? null,
          };
        }),
  );
  return {
    fileName: `${base}-annotations.json`,
    contentType: "application/json",
    body: `${JSON.stringify(annotations, null, 2)}\n`,
  };
}
