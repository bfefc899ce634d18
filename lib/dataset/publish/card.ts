import type { Count } from "@/lib/dataset/types";
import {
  canonicalLicence,
  INTERNAL_LICENCE,
  isNonCommercial,
  licenceLabel,
  NO_ASSERTION,
} from "@/lib/model/licences";
import { sourceKindLabel } from "@/lib/model/source-kinds";
import type { SourcesSummary } from "@/lib/provenance/summary";
import { type UncheckedJob, uncheckedNote } from "../spot-coverage";

// The README.md of a release's Hugging Face folder: YAML front matter the Hub and `datasets` read, then what
// the data is, how it was made and curated, and its statistics. Pure text from the input (no clock, no
// locale), so a release's card can be rebuilt byte for byte.

/** One generation job the release takes records from. */
export type CardJob = {
  /** the job's number ("job #12") */
  number: number;
  /** where its seeds came from, as the job records it (a seed export's label, or a file for CLI jobs) */
  seedSource: string;
  /** the seed export it read; null when the seeds came from a file */
  seedExport: { number: number; sha256: string } | null;
  /** seeds in its frozen seed set */
  seedCount: number;
  seedsPerRequest: number;
  /** ROUGE-L F1 above which a new task was discarded */
  threshold: number;
  taskModel: string;
  responseModel: string;
  taskPromptVersion: number;
  responsePromptVersion: number;
  rngSeed: number;
  /** tasks the job was asked for */
  target: number;
  /** tasks it kept (before curation) */
  kept: number;
  /** of its records, how many are in this release */
  released: number;
};

/** A spot-check estimate (pooled over the source jobs by the caller). */
export type CardSpotCheck = {
  /** records graded */
  graded: number;
  /** estimated share (0..1) of acceptable records */
  acceptable: number;
  /** the 95% confidence interval of that share (0..1) */
  low: number;
  high: number;
  /** the release's jobs nobody spot-checked (the estimate leaves them out) */
  unchecked?: UncheckedJob[];
};

/** Everything the card states; the caller gathers it (the card does no I/O). */
export type CardInput = {
  /** the release's number ("release #3") */
  number: number;
  /** for people: the card's heading and `pretty_name` */
  title: string;
  /** a Hub licence id (https://hf.co/docs/hub/repositories-licenses) the publisher chose; null or "" leaves
   *  `other` and a TODO to complete */
  license: string | null;
  createdAt: Date;
  /** records in data/train.jsonl */
  recordCount: number;
  /** SHA-256 (hex) of data/train.jsonl as written */
  trainSha256: string;
  /** in the order the release lists them */
  jobs: CardJob[];
  /** distributions over the released records, shown in the order given; shares are of `recordCount` */
  stats: {
    types: Count[];
    /** the top topics; fold the rest into one "Other topics" row beforehand */
    topics: Count[];
    viewGroups: Count[];
    /** "1".."5" and "unknown" */
    difficulty: Count[];
    /** BioInstruct's four classes */
    categories: Count[];
  };
  /** the sources and licences of the seeds behind the records (issue 15); null or absent: not recorded
   *  (a release built before they were) */
  sources?: SourcesSummary | null;
  curation: {
    /** kept tasks with a response that reviewers excluded */
    excluded: number;
    /** released records a person edited */
    edited: number;
    /** records dropped as near-duplicates when the jobs were combined */
    crossJobDuplicates: number;
    /** the ROUGE-L F1 threshold of that combined de-duplication, when known */
    threshold?: number;
    /** null when no spot check was graded */
    spotCheck: CardSpotCheck | null;
    /** records graded unsafe in a spot check and not excluded (so in this release) */
    unsafe?: number;
    /** the reason given for publishing below the workspace's quality threshold */
    lowQualityReason?: string | null;
    /** the release's minimum LLM rating, and how many records it left out (issue 17) */
    minRating?: { min: number; left: number };
  };
};

/**
 * A YAML double-quoted scalar. JSON's escapes are valid YAML; on top of them, characters PyYAML (which
 * `datasets` and huggingface_hub parse cards with) rejects or reads as line breaks are escaped too.
 */
export function yamlString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Plain text as one line of Markdown: line breaks become spaces (a table row is one line) and punctuation
 * Markdown would act on is backslash-escaped, pipes included so a table cell cannot split.
 */
export function mdText(s: string): string {
  return s.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, " ").replace(/[\\`*_[\]<>|#~&]/g, "\\$&");
}

/** Cells are plain text (escaped here); columns listed in `right` are right-aligned. */
export function mdTable(header: string[], rows: string[][], right: number[] = []): string {
  const line = (cells: string[]) => `| ${cells.map(mdText).join(" | ")} |`;
  const rule = `|${header.map((_, i) => (right.includes(i) ? " ---: " : " --- ")).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

// toLocaleString would make the text depend on the server's locale.
const int = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const percent = (part: number, whole: number) => (whole ? `${((part * 100) / whole).toFixed(1)}%` : "–");
const pct1 = (share: number) => `${(share * 100).toFixed(1)}%`;

const SIZE_BOUNDS = ["1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T"];

/** The Hub's size_categories bucket: n<1K, 1K<n<10K, ... 100B<n<1T, n>1T (a bound belongs to the bucket above). */
export function sizeCategory(n: number): string {
  if (n < 1000) return "n<1K";
  let upper = 10_000;
  for (let i = 0; i < SIZE_BOUNDS.length - 1; i++, upper *= 10)
    if (n < upper) return `${SIZE_BOUNDS[i]}<n<${SIZE_BOUNDS[i + 1]}`;
  return "n>1T";
}

const TAGS = ["medical", "instruction-tuning", "self-instruct", "synthetic"];

/** The chosen licence id, lowercased as the Hub spells its ids; null when none was chosen. */
const licenseId = (input: CardInput) => input.license?.trim().toLowerCase() || null;

// Words YAML 1.1 (PyYAML) reads as booleans or null when unquoted.
const YAML_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);
const yamlId = (id: string) => (/^[a-z][a-z0-9.+-]*$/.test(id) && !YAML_WORDS.has(id) ? id : yamlString(id));

const SOURCE_TERMS =
  "If the seeds include the AlpaCare seed set, its CC BY-NC 4.0 terms (attribution, non-commercial use) " +
  "carry over to these records; the terms of use of the generating models";

function licenseLines(id: string | null): string[] {
  if (id === null)
    return [
      "# TODO(licence): `other` stands in until the publisher chooses a licence. If the seeds include the",
      "# AlpaCare seed set, its CC BY-NC 4.0 terms carry over; the terms of use of the generating models apply",
      "# too. Use an id from https://hf.co/docs/hub/repositories-licenses, or keep `other` and add",
      "# license_name and license_link.",
      "license: other",
    ];
  if (id === "other")
    return ["# TODO(licence): add license_name and license_link for this custom licence.", "license: other"];
  return [`license: ${yamlId(id)}`];
}

/** The seeds' licences as the Hub spells them, when every seed's licence is one and the same SPDX id. */
function seedLicenceId(sources: SourcesSummary | null | undefined): string | null {
  const only = sources?.licences.length === 1 ? sources.licences[0]?.licence : undefined;
  if (!only || only === NO_ASSERTION || only === INTERNAL_LICENCE || !canonicalLicence(only)) return null;
  return only.toLowerCase();
}

/** Some seeds' licences are recorded (not all NOASSERTION). */
const recorded = (s: SourcesSummary | null | undefined): s is SourcesSummary =>
  !!s && s.seeds > 0 && s.unrecorded < s.seeds;

/**
 * The front matter's licence: the publisher's choice; else the seeds' one licence; else, with recorded but
 * mixed licences, `other` named after them (the Licence section lists them); else the TODO placeholder.
 */
function licenceFrontMatter(input: CardInput): string[] {
  const chosen = licenseId(input);
  const s = input.sources;
  const nc = s?.nonCommercial
    ? ["# The seeds include NonCommercial licences (see Licence): non-commercial use only."]
    : [];
  if (chosen !== null) return [...nc, ...licenseLines(chosen)];
  const single = seedLicenceId(s);
  if (single)
    return [
      ...nc,
      "# The licence every seed of this dataset carries (see Licence and Sources).",
      `license: ${yamlId(single)}`,
    ];
  if (recorded(s))
    return [
      ...nc,
      "# The seeds carry several licences (listed under Licence and Sources); the strictest terms apply.",
      "license: other",
      `license_name: ${s.nonCommercial ? "mixed-sources-non-commercial" : "mixed-sources"}`,
    ];
  return licenseLines(null);
}

function frontMatter(input: CardInput): string {
  return [
    "---",
    ...licenceFrontMatter(input),
    "language:",
    "- en",
    "task_categories:",
    "- text-generation",
    "- question-answering",
    "tags:",
    ...[...TAGS, ...(input.sources?.nonCommercial ? ["non-commercial"] : [])].map((t) => `- ${t}`),
    "size_categories:",
    `- ${sizeCategory(input.recordCount)}`,
    `pretty_name: ${yamlString(input.title)}`,
    "configs:",
    "- config_name: default",
    "  data_files:",
    "  - split: train",
    "    path: data/train.jsonl",
    "---",
  ].join("\n");
}

/** Distinct values in order of first appearance; "(by job)" tells the reader to look at Generation. */
function across(jobs: CardJob[], pick: (j: CardJob) => string | number): string {
  const values = [...new Set(jobs.map((j) => mdText(String(pick(j)))))];
  if (!values.length) return "–";
  return values.length === 1 ? (values[0] as string) : `${values.join(", ")} (by job)`;
}

function summary(input: CardInput): string {
  const { jobs } = input;
  return [
    `This dataset holds **${int(input.recordCount)}** medical instruction-tuning records in the Alpaca shape ` +
      "(instruction, input, output), each tagged with its task type, topic, point of view, difficulty and " +
      "BioInstruct task category, and traced to the generation request that produced it. It is MedSeed " +
      `release #${input.number}, drawn from ${jobs.length} generation job${jobs.length === 1 ? "" : "s"}.`,
    "**How it was made.** Self-Instruct as AlpaCare (MedInstruct-52k) adapted it: clinicians wrote seed " +
      `tasks; for each request, ${across(jobs, (j) => j.seedsPerRequest)} seeds drawn at random were shown ` +
      `to the task model (${across(jobs, (j) => j.taskModel)}) as examples, and it wrote new tasks. A new task was kept ` +
      "only when the ROUGE-L F1 of its instruction against every seed and every task kept before it was at " +
      `most ${across(jobs, (j) => j.threshold)}. The response model (${across(jobs, (j) => j.responseModel)}) ` +
      "then answered each kept task, and people reviewed the result before release (see Curation).",
    "**Limitations.** The tasks and answers are machine-generated and were not all checked by clinicians: " +
      "they can be wrong, outdated or unsafe. Use them for research on instruction tuning, not for medical " +
      "advice or clinical decisions.",
  ].join("\n\n");
}

const FIELDS: [string, string, string][] = [
  ["instruction", "string", "the task"],
  ["input", "string", 'context for the task; "" when it needs none'],
  ["output", "string", "the response model's answer (as edited by a reviewer, when edited)"],
  ["type", "string", "task format (Open Q&A, Summarization, Multiple-choice Q&A, ...)"],
  ["topic", "string", "medical topic"],
  ["view", "string", "whose point of view (Patient, Nurse, Medical Student, ...)"],
  ["difficulty", "int64 or null", "1 (basic fact) to 5 (complex real case), as the task model rated it"],
  ["category", "string", "information extraction, text generation, question answering or other"],
  ["edited", "bool", "a person changed the text"],
  ["provenance.job", "string", "generation job id"],
  ["provenance.job_number", "int64", "generation job number"],
  ["provenance.seq", "int64", "order in which the job kept the task (1, 2, ...)"],
  ["provenance.task_id", "string", "record id"],
  ["provenance.request", "string", "task request id"],
  ["provenance.request_index", "int64", "the request's position in its job"],
  ["provenance.seed_ids", "list of string", "the seeds shown in that request"],
  ["provenance.task_model", "string or null", "model that wrote the task"],
  ["provenance.response_model", "string or null", "model that wrote the output"],
  ["provenance.task_prompt_version", "int64", "version of the task prompt"],
  ["provenance.response_prompt_version", "int64", "version of the response prompt"],
  ["provenance.max_rouge_l", "float64 or null", "highest ROUGE-L F1 against seeds and earlier tasks"],
  ["provenance.most_similar", "string or null", "id of that most similar seed or task"],
];

function structure(): string {
  return [
    "## Dataset structure",
    "One split, `train`, in `data/train.jsonl`: one JSON object per line, UTF-8, keys in this order.",
    mdTable(["Field", "Type", "Meaning"], FIELDS),
    "```python\nfrom datasets import load_dataset\n\n" +
      'ds = load_dataset("<owner>/<name>", split="train")  # TODO: this repository\'s id\n```',
  ].join("\n\n");
}

function countTable(label: string, counts: Count[], whole: number): string {
  return mdTable(
    [label, "Records", "Share"],
    counts.map((c) => [c.label || "(blank)", int(c.count), percent(c.count, whole)]),
    [1, 2],
  );
}

function statistics(input: CardInput): string {
  const { stats, curation, jobs, recordCount: n } = input;
  const counts: [string, number][] = [
    ["Records in this release", n],
    ["Generation jobs", jobs.length],
    ["Tasks those jobs kept", jobs.reduce((sum, j) => sum + j.kept, 0)],
    ["Excluded by reviewers", curation.excluded],
    ["Cross-job duplicates dropped", curation.crossJobDuplicates],
    ["Edited by a person", curation.edited],
  ];
  if (curation.spotCheck) counts.push(["Graded in the spot check", curation.spotCheck.graded]);
  return [
    "## Statistics",
    "### Counts",
    mdTable(
      ["What", "Count"],
      counts.map(([what, count]) => [what, int(count)]),
      [1],
    ),
    "### Task types",
    countTable("Type", stats.types, n),
    "### Top topics",
    countTable("Topic", stats.topics, n),
    "### Points of view",
    countTable("View group", stats.viewGroups, n),
    "### Difficulty",
    countTable("Difficulty", stats.difficulty, n),
    "### Task categories (BioInstruct)",
    countTable("Category", stats.categories, n),
    "For comparison, BioInstruct reports information extraction 33.8%, text generation 33.5%, question " +
      "answering 22.8% and other 10.0%.",
  ].join("\n\n");
}

function jobTable(j: CardJob): string {
  const rows: [string, string][] = [
    ["Seed source", j.seedSource],
    ["Seed export", j.seedExport ? `#${j.seedExport.number}` : "none (seeds read from a file)"],
  ];
  if (j.seedExport) rows.push(["Seed export SHA-256", j.seedExport.sha256]);
  rows.push(
    ["Seeds", int(j.seedCount)],
    ["Seeds per request", String(j.seedsPerRequest)],
    ["Task model", j.taskModel],
    ["Response model", j.responseModel],
    ["Task prompt version", String(j.taskPromptVersion)],
    ["Response prompt version", String(j.responsePromptVersion)],
    ["ROUGE-L threshold", String(j.threshold)],
    ["RNG seed", String(j.rngSeed)],
    ["Target", int(j.target)],
    ["Kept", int(j.kept)],
    ["In this release", int(j.released)],
  );
  return [`### Job #${j.number}`, mdTable(["Setting", "Value"], rows)].join("\n\n");
}

function generation(input: CardInput): string {
  return [
    "## Generation",
    input.jobs.length ? "Each source job, with what it needs to be reproduced." : "No generation jobs.",
    ...input.jobs.map(jobTable),
  ].join("\n\n");
}

function curation(input: CardInput): string {
  const c = input.curation;
  const s = c.spotCheck;
  return [
    "## Curation",
    [
      `- **${int(c.excluded)}** kept tasks were excluded by reviewers and are not in this release.`,
      `- **${int(c.edited)}** released records were edited by a person (\`edited\` is true on them).`,
      `- **${int(c.crossJobDuplicates)}** records were dropped as near-duplicates when the jobs were combined ` +
        "(each job had de-duplicated only against its own seeds and tasks): a record stayed only if the " +
        "ROUGE-L F1 of its instruction against every job's seeds and every record taken before it was at " +
        `most ${c.threshold ?? "the release's threshold"}.`,
      s
        ? `- Spot check: ${pct1(s.acceptable)} acceptable (95% CI ${(s.low * 100).toFixed(1)}–${pct1(s.high)}, ` +
          `${int(s.graded)} graded)${uncheckedNote(s.unchecked) ? `; ${uncheckedNote(s.unchecked)}` : ""}.`
        : "- No spot check was graded for this release.",
      ...(c.unsafe
        ? [
            `- **${int(c.unsafe)}** released record${c.unsafe === 1 ? " was" : "s were"} graded unsafe in a spot check.`,
          ]
        : []),
      ...(c.lowQualityReason
        ? [
            `- Published below the workspace's quality threshold, with this reason: ${mdText(c.lowQualityReason)}`,
          ]
        : []),
      ...(c.minRating
        ? [
            `- Rating filter: only records an LLM rater scored at least **${c.minRating.min}** of 5 are in this ` +
              `release; **${int(c.minRating.left)}** records rated lower (or not rated) were left out.`,
          ]
        : []),
    ].join("\n"),
  ].join("\n\n");
}

/** The licence section: what the release is under, what its seeds carry, and what that means. */
function licence(input: CardInput): string {
  const models = [...new Set(input.jobs.flatMap((j) => [j.taskModel, j.responseModel]))].map(mdText);
  const modelTerms = models.length
    ? `The terms of use of the generating models (${models.join(", ")}) apply too.`
    : "The terms of use of the generating models apply too.";
  const id = licenseId(input);
  const s = input.sources;
  if (!recorded(s)) {
    const terms = `${SOURCE_TERMS}${models.length ? ` (${models.join(", ")})` : ""} apply too.`;
    return [
      "## Licence",
      id === null
        ? `> **TODO (licence):** the seeds' licences were not recorded; choose the licence and set \`license\` in the front matter to match. ${terms}`
        : `Released under **${mdText(id)}**, as the publisher chose; the seeds' licences were not recorded, so check that it fits them. ${terms}` +
          (id === "other" ? "\n\n> **TODO (licence):** state the licence's terms here." : ""),
    ].join("\n\n");
  }
  const single = seedLicenceId(s);
  const under =
    id !== null
      ? `Released under **${mdText(id)}**, as the publisher chose.` +
        (s.nonCommercial && !isNonCommercial(id)
          ? " **The seeds include NonCommercial licences, whose terms carry over to the records generated from them: check that this licence does not grant commercial use.**"
          : "")
      : single
        ? `Released under **${mdText(single)}**, the licence every seed carries.`
        : "The seeds carry several licences (below); the records generated from them are released under the strictest of their terms.";
  const rows = s.licences.map((l) => [licenceLabel(l.licence), l.nonCommercial ? "yes" : "no", int(l.seeds)]);
  return [
    "## Licence",
    under,
    ...(s.nonCommercial
      ? [
          "> **Non-commercial.** Some seeds are under a Creative Commons NonCommercial licence, and its terms " +
            "(attribution, non-commercial use) carry over to the records generated from them: this dataset may be " +
            "used and shared for non-commercial purposes only.",
        ]
      : []),
    "Licences of the seed tasks the records were generated from:",
    mdTable(["Licence", "Non-commercial", "Seeds"], rows, [2]),
    ...(s.unrecorded
      ? [`${int(s.unrecorded)} of ${int(s.seeds)} seeds have no recorded licence (NOASSERTION).`]
      : []),
    ...(s.licences.some((l) => l.licence === INTERNAL_LICENCE)
      ? [
          '"Internal" seeds were written by the publisher\'s own clinicians and are released with this dataset.',
        ]
      : []),
    modelTerms,
  ].join("\n\n");
}

/** The sources section: every distinct source of the seeds, with its citation, as recorded in MedSeed. */
function sources(input: CardInput): string {
  const s = input.sources;
  if (!s?.seeds)
    return ["## Sources", "The sources of the seed tasks were not recorded for this release."].join("\n\n");
  const rows = s.sources.map((l) => [
    sourceKindLabel(l.sourceKind),
    [l.citation, l.citationUrl].filter(Boolean).join(" ") || "–",
    licenceLabel(l.licence),
    l.adapted ? "yes" : "no",
    int(l.seeds),
  ]);
  return [
    "## Sources",
    `The records were generated from **${int(s.seeds)}** seed tasks; where each came from, as its authors recorded it:`,
    mdTable(["Source", "Citation", "Licence", "Adapted", "Seeds"], rows, [4]),
  ].join("\n\n");
}

function toComplete(input: CardInput): string {
  return [
    licence(input),
    sources(input),
    "## Citation",
    "> **TODO (citation):** say how to cite this dataset.",
    "```bibtex\n@misc{TODO,\n  title  = {TODO},\n  author = {TODO},\n  year   = {TODO},\n  url    = {TODO}\n}\n```",
    "Please also credit the methods it follows: Self-Instruct (Wang et al., 2023) and AlpaCare / " +
      "MedInstruct-52k (Zhang et al., 2023).",
    "## Contact",
    "> **TODO (contact):** who to write to about this dataset.",
  ].join("\n\n");
}

function release(input: CardInput): string {
  return [
    "## Release",
    mdTable(
      ["Release", "Value"],
      [
        ["Number", `#${input.number}`],
        ["Created", input.createdAt.toISOString()],
        ["Records", int(input.recordCount)],
        ["SHA-256 of data/train.jsonl", input.trainSha256],
      ],
    ),
  ].join("\n\n");
}

export function datasetCard(input: CardInput): string {
  return `${[
    frontMatter(input),
    `# ${mdText(input.title)}`,
    summary(input),
    structure(),
    statistics(input),
    generation(input),
    curation(input),
    toComplete(input),
    release(input),
  ].join("\n\n")}\n`;
}
