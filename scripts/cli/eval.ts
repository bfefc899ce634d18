// `medseed eval run`: one candidate against one reference on a frozen test set, judged pairwise in both
// orders, through the app's engine and call cache; writes the results JSON of issue 16's contract.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { AppError } from "@/lib/errors";
import { wilsonBounds } from "@/lib/quality/normal";
import { cliActor } from "./actor";
import { UsageError, withDatabase, writeFileWhole } from "./shared";

type EvalOpts = {
  testset: string;
  reference: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  outputs?: string;
  judgeModel: string;
  judgeBaseUrl?: string;
  judgeApiKey?: string;
  concurrency: string;
  budget?: string;
  temperature?: string;
  maxTokens?: string;
  author?: string;
  judgePromptVersion?: string;
  out: string;
};

const number = (flag: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag}: expected a number, got "${value}"`);
  return n;
};

export function registerEval(program: Command) {
  const evaluation = program.command("eval").description("evaluation runs");
  registerJudgePrompt(evaluation);
  registerVerdicts(evaluation);
  evaluation
    .command("run")
    .description("judge a candidate model against a reference on a test set; writes the results JSON")
    .requiredOption("--testset <name>", "the test set (its latest frozen version)")
    .requiredOption("--reference <model>", "the reference answers to compare with (e.g. gpt-4)")
    .option("--model <model>", "the candidate model, served at --base-url")
    .option(
      "--base-url <url>",
      "the candidate's OpenAI-compatible endpoint (vLLM, Ollama: http://host:8000/v1)",
    )
    .option("--api-key <key>", "the candidate endpoint's key (default: MEDSEED_LLM_API_KEY, OPENAI_API_KEY)")
    .option("--outputs <file>", "the candidate's answers as an alpaca_eval outputs file, instead of --model")
    .requiredOption("--judge-model <model>", "the judge (e.g. gpt-4)")
    .option("--judge-base-url <url>", "an OpenAI-compatible judge endpoint (default: OpenAI's API)")
    .option("--judge-api-key <key>", "the judge's key (default: OPENAI_API_KEY)")
    .option(
      "--judge-prompt-version <n>",
      "the judge prompt's version (`medseed eval judge-prompt` lists them; default: the newest)",
    )
    .option("--concurrency <n>", "calls at once", "8")
    .option("--budget <usd>", "pause when the cost reaches this many dollars")
    .option("--temperature <t>", "the candidate's sampling temperature (default 0)")
    .option("--max-tokens <n>", "the candidate's answer limit in tokens (default 1024)")
    .option("--author <email>", "the account to run as (default: the only admin)")
    .requiredOption("--out <file>", "where to write the results JSON")
    .action(async (opts: EvalOpts) => {
      const endpoint = opts.model !== undefined || opts.baseUrl !== undefined;
      if (endpoint === (opts.outputs !== undefined))
        throw new UsageError("give either --model and --base-url, or --outputs FILE");
      if (endpoint && (!opts.model || !opts.baseUrl))
        throw new UsageError("--model and --base-url go together: name the model and where it is served");
      const outputsText = opts.outputs === undefined ? null : readText(opts.outputs);
      const promptVersion = number("--judge-prompt-version", opts.judgePromptVersion);
      if (promptVersion !== undefined && (!Number.isInteger(promptVersion) || promptVersion < 1))
        throw new UsageError(`--judge-prompt-version: a version number, 1 or more (got ${promptVersion})`);
      const settings = {
        concurrency: number("--concurrency", opts.concurrency),
        budgetUsd: number("--budget", opts.budget),
        // the first retry's backoff ceiling; tests and local servers shorten it
        ...(process.env.MEDSEED_EVAL_RETRY_BASE_MS && {
          retryBaseMs: number("MEDSEED_EVAL_RETRY_BASE_MS", process.env.MEDSEED_EVAL_RETRY_BASE_MS),
        }),
        ...(opts.judgeBaseUrl && { judgeBaseUrl: opts.judgeBaseUrl }),
        ...((opts.temperature !== undefined || opts.maxTokens !== undefined) && {
          decoding: {
            temperature: number("--temperature", opts.temperature) ?? 0,
            topP: 1,
            maxTokens: number("--max-tokens", opts.maxTokens) ?? 1024,
          },
        }),
      };
      await withDatabase(async () => {
        const { driveEvalRun } = await import("@/lib/evaluation/engine");
        const { cachedAnswersNote, identifiersNote } = await import("@/lib/evaluation/estimate-words");
        const { startEvalRun } = await import("@/lib/evaluation/use-cases/start-eval-run");
        const { getEvalRun, getEvalResult } = await import("@/lib/evaluation/use-cases/get-eval-run");
        const { pauseEvalRun } = await import("@/lib/evaluation/use-cases/control-eval-run");
        const actor = await cliActor(opts.author, "running this evaluation");
        const run = await startEvalRun(
          actor,
          {
            testset: opts.testset,
            reference: opts.reference,
            candidate:
              outputsText === null
                ? { model: opts.model as string, baseUrl: opts.baseUrl as string }
                : { fileName: path.basename(opts.outputs as string), text: outputsText },
            judgeModel: opts.judgeModel,
            settings,
            judgePromptVersion: promptVersion,
          },
          { driver: "caller" },
        );
        const est = run.estimate;
        console.error(
          `run #${run.number}: judge prompt v${run.judgePromptVersion}, ${est.items} items, ${est.calls.candidate} candidate and ${est.calls.judge} judge calls at most, estimated $${est.usd.toFixed(4)}${est.unpriced.length ? ` (no price for ${est.unpriced.join(", ")}: counted as free)` : ""}`,
        );
        const reused =
          outputsText === null ? cachedAnswersNote(est, opts.model as string, opts.baseUrl as string) : null;
        if (reused) console.error(reused);
        const identifiers = identifiersNote(est);
        if (identifiers)
          console.error(identifiers.replace("(Admin > Settings", "(Admin > Settings in the app"));
        if (run.unmatched.rows.length || run.unmatched.missingItems)
          console.error(
            `outputs file: ${run.unmatched.rows.length} rows match no item${run.unmatched.rows
              .slice(0, 5)
              .map((r) => `\n  line ${r.line}: ${r.instruction.slice(0, 80)}`)
              .join("")}; ${run.unmatched.missingItems} items have no answer and are left out`,
          );
        const stop = new AbortController();
        process.removeAllListeners("SIGINT");
        process.once("SIGINT", () => stop.abort());
        const timer = setInterval(async () => {
          const v = await getEvalRun(actor, { run: run.id }).catch(() => null);
          if (v)
            console.error(
              `${v.run.state.toLowerCase()} ${v.progress.done}/${v.progress.total} verdicts, ${v.run.callsMade} calls made, $${v.run.costUsd.toFixed(4)}${v.run.notice ? `\n  ${v.run.notice}` : ""}`,
            );
        }, 2000);
        let outcome: string;
        try {
          outcome = await driveEvalRun(run.id, {
            signal: stop.signal,
            candidateApiKey: opts.apiKey,
            judgeApiKey: opts.judgeApiKey,
            log: (l) => console.error(l),
          });
        } finally {
          clearInterval(timer);
        }
        if (outcome === "STOPPED") {
          await pauseEvalRun(actor, { run: run.id, reason: "Interrupted from the command line." }).catch(
            (error: unknown) => {
              if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
            },
          );
          throw new Error(
            `interrupted: run #${run.number} is paused; running the same command again reuses every call made`,
          );
        }
        const view = await getEvalRun(actor, { run: run.id });
        if (outcome !== "COMPLETED")
          throw new Error(
            `run #${run.number} is ${outcome.toLowerCase()}${view.run.error ? `: ${view.run.error}` : ""}`,
          );
        const result = await getEvalResult(actor, { run: run.id });
        if (!result) throw new Error("this account judges blind: it gets no results file"); // it could not start the run
        await writeFileWhole(
          opts.out,
          (async function* () {
            yield `${JSON.stringify(result, null, 2)}\n`;
          })(),
        );
        const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
        // The run page's interval (Wilson's: mean ± 1.96·SE collapses to "± 0.0%" when every item scored alike).
        const interval =
          result.win_rate === null || result.n < 2
            ? ""
            : (({ low, high }) => ` (95% interval ${pct(low)} to ${pct(high)})`)(
                wilsonBounds(result.win_rate, result.n),
              );
        console.error(
          `run #${run.number} completed: win rate ${pct(result.win_rate)}${interval} over ${result.n} items, ${result.ties} ties, ${result.unparsed} unparsed, ${result.position_disagreements} position disagreements; ${view.run.callsMade} calls made, ${view.run.cacheHits} from the cache, $${view.run.costUsd.toFixed(4)} -> ${opts.out}`,
        );
      });
    });
}

type PromptOpts = {
  version?: string;
  author?: string;
  user?: string;
  system?: string;
  basedOn?: string;
  note?: string;
};

/** `eval judge-prompt show|save`: the judge's template through the same use cases as the page and the API. */
function registerJudgePrompt(evaluation: Command) {
  const prompt = evaluation
    .command("judge-prompt")
    .description("the judge's prompt template and its versions");
  prompt
    .command("show")
    .description("print a version of the judge prompt (default: the newest) and list every version")
    .option("--version <n>", "the version to print")
    .option("--author <email>", "the account to read as (default: the only admin)")
    .action(async (opts: PromptOpts) => {
      const version = number("--version", opts.version);
      await withDatabase(async () => {
        const { getJudgePrompt } = await import("@/lib/evaluation/use-cases/judge-prompt");
        const actor = await cliActor(opts.author, "reading the judge prompt");
        const got = await getJudgePrompt(actor, version === undefined ? {} : { version });
        console.log(`# version ${got.shown.version}${got.shown.note ? `: ${got.shown.note}` : ""}`);
        console.log(`## system\n${got.shown.system}\n## user\n${got.shown.user}`);
        console.error(
          got.history
            .map(
              (v) =>
                `v${v.version}  ${v.createdAt.toISOString()}  ${v.author ?? "built in"}  ${v.note ?? ""}`,
            )
            .join("\n"),
        );
      });
    });
  prompt
    .command("save")
    .description("save an edited judge prompt as the next version (admins)")
    .requiredOption("--user <file>", "the user template (with {{instruction}}, {{output_a}}, {{output_b}})")
    .option("--system <file>", "the system message (default: the newest version's)")
    .requiredOption("--based-on <n>", "the version you edited (refused when a newer one exists)")
    .option("--note <text>", "what changed")
    .option("--author <email>", "the account to save as (default: the only admin)")
    .action(async (opts: PromptOpts) => {
      const user = readText(opts.user as string, "--user");
      const system = opts.system === undefined ? undefined : readText(opts.system, "--system");
      await withDatabase(async () => {
        const { judgePromptEditSchema } = await import("@/lib/evaluation/api-schemas");
        const { editJudgePrompt, getJudgePrompt } = await import("@/lib/evaluation/use-cases/judge-prompt");
        const actor = await cliActor(opts.author, "saving the judge prompt");
        const parsed = judgePromptEditSchema.safeParse({
          system: system ?? (await getJudgePrompt(actor)).current.system,
          user,
          note: opts.note,
          basedOn: opts.basedOn,
        });
        if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
        const saved = await editJudgePrompt(actor, parsed.data);
        console.log(`saved judge prompt version ${saved.version}`);
      });
    });
}

type VerdictOpts = {
  run: string;
  item?: string;
  outcome?: string;
  answer?: string;
  note?: string;
  author?: string;
};

/**
 * `eval item` and `eval verdict`: a clinician's own verdicts from the command line, through the use cases the
 * item page and the API use. Judging blind, the answers are A and B (the same order as on the page) and the
 * judge's verdicts stay hidden until the verdict is recorded.
 */
function registerVerdicts(evaluation: Command) {
  evaluation
    .command("item")
    .description("show an item of a run as its page shows it to you; without --item, list the run's items")
    .requiredOption("--run <run>", "the run's number or id")
    .option("--item <id>", "the item's id (as listed without --item)")
    .option("--author <email>", "the account to read as (default: the only admin)")
    .action(async (opts: VerdictOpts) => {
      await withDatabase(async () => {
        const { getEvalItem, getEvalRun } = await import("@/lib/evaluation/use-cases/get-eval-run");
        const actor = await cliActor(opts.author, "reading the run");
        if (opts.item === undefined) {
          const view = await getEvalRun(actor, { run: opts.run });
          const mine = new Set(view.humanVerdicts.filter((h) => h.userId === actor.id).map((h) => h.itemId));
          for (const i of view.items)
            console.log(
              [
                i.id,
                `difficulty ${i.difficulty ?? "-"}`,
                mine.has(i.id) ? "judged" : "to judge",
                oneLine(i.instruction, 70),
              ].join("\t"),
            );
          console.error(
            `run #${view.run.number}: ${view.items.length} items, ${mine.size} judged by you; show one with --item ID`,
          );
          return;
        }
        printItem(await getEvalItem(actor, { run: opts.run, item: opts.item }));
      });
    });
  evaluation
    .command("verdict")
    .description("record your own verdict on an item of a run (again to change it)")
    .requiredOption("--run <run>", "the run's number or id")
    .requiredOption("--item <id>", "the item's id (`eval item --run N` lists them)")
    .option("--answer <A|B|tie>", "the better answer as `eval item` showed them, judging blind")
    .option("--outcome <candidate|reference|tie>", "the better answer by name")
    .option("--note <text>", "why (kept with the verdict)")
    .option("--author <email>", "the account to judge as (default: the only admin)")
    .action(async (opts: VerdictOpts) => {
      if ((opts.answer === undefined) === (opts.outcome === undefined))
        throw new UsageError("give either --answer A|B|tie or --outcome candidate|reference|tie");
      await withDatabase(async () => {
        const { humanVerdictSchema } = await import("@/lib/evaluation/api-schemas");
        const { getEvalItem } = await import("@/lib/evaluation/use-cases/get-eval-run");
        const { recordHumanVerdict } = await import("@/lib/evaluation/use-cases/record-human-verdict");
        const actor = await cliActor(opts.author, "judging");
        const parsed = humanVerdictSchema.safeParse({
          runId: opts.run,
          itemId: opts.item,
          answer: opts.answer?.toLowerCase() === "tie" ? "tie" : opts.answer?.toUpperCase(),
          outcome: opts.outcome,
          note: opts.note,
        });
        if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
        const { outcome } = await recordHumanVerdict(actor, parsed.data);
        const shown = await getEvalItem(actor, { run: opts.run, item: opts.item as string });
        const first = shown.mine && shown.mine.blindOutcome !== shown.mine.outcome;
        console.log(
          `recorded: ${outcome === "tie" ? "a tie" : `the ${outcome} is better`}${first ? ` (the agreement with the judge keeps your first verdict: ${shown.mine?.blindOutcome})` : ""}`,
        );
        printItem(shown);
      });
    });
}

type ShownItem = Awaited<ReturnType<typeof import("@/lib/evaluation/use-cases/get-eval-run").getEvalItem>>;

function printItem(shown: ShownItem) {
  const { item } = shown;
  console.log(
    `# item ${item.externalId ?? `#${item.position + 1}`} (${item.id}), difficulty ${item.difficulty ?? "-"}`,
  );
  console.log(`## instruction\n${item.instruction}${item.input.trim() ? `\n## input\n${item.input}` : ""}`);
  for (const a of shown.answers) {
    const name =
      a.side === null
        ? null
        : a.side === "candidate"
          ? `the candidate (${shown.run.candidateModel})`
          : `the reference (${shown.run.referenceModel})`;
    const label = a.letter ? `answer ${a.letter}${name ? `: ${name}` : ""}` : (name ?? "answer");
    console.log(`## ${label}\n${a.text}`);
  }
  if (shown.judgeHidden) console.log("## the judge\nhidden until you record your verdict");
  else
    console.log(
      `## the judge\nreference first: ${item.verdicts.reference_first ?? "unparsed"}; reference last: ${item.verdicts.reference_last ?? "unparsed"}`,
    );
  if (shown.mine)
    console.log(
      `## your verdict\n${shown.mine.answer ? `${shown.mine.answer} (${shown.mine.outcome})` : shown.mine.outcome}`,
    );
  if (shown.nextId) console.error(`next: --item ${shown.nextId}`);
}

const oneLine = (text: string, max: number) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function readText(file: string, flag = "--outputs"): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new UsageError(`${flag}: ${file} is not a readable file`);
  return fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
}
