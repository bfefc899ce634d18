import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";
import { mulberry32 as prng } from "@/tests/support/mulberry32";

export { prng };

// Deterministic synthetic seed tasks for benchmarks: medical-flavoured instructions of realistic length.

const VERBS = [
  "Explain",
  "Describe",
  "List",
  "Summarize",
  "Classify",
  "Compare",
  "Interpret",
  "Rewrite",
  "Outline",
  "Identify",
  "Assess",
  "Recommend",
];
const WORDS = (
  "patient presents with acute chronic pain fever cough dyspnea chest abdominal headache rash fatigue nausea vomiting " +
  "diabetes hypertension asthma copd sepsis stroke myocardial infarction heart failure kidney liver anemia thyroid " +
  "treatment diagnosis management first line therapy dose side effects contraindications screening prevention risk " +
  "factors prognosis guideline evidence trial elderly child pregnant adult nurse physician student report imaging " +
  "laboratory results blood pressure glucose insulin antibiotic vaccine infection inflammation biopsy tumor cancer " +
  "lymphoma leukemia surgery anesthesia rehabilitation counseling diet exercise smoking alcohol depression anxiety"
).split(" ");
export const TYPES: readonly string[] = CANONICAL_TASK_TYPES;
export const TOPICS = [
  "Cardiology",
  "Neurology",
  "Oncology",
  "Pediatrics",
  "Endocrinology",
  "Pulmonology",
  "Nephrology",
  "Infectious disease",
  "Psychiatry",
  "Dermatology",
  "Gastroenterology",
  "Hematology",
];
export const VIEWS = [
  "Patient",
  "Medical Student",
  "Nurse",
  "Physician",
  "Pharmacist",
  "Resident",
  "General Public",
  "Radiologist",
];

export function syntheticInstruction(rand: () => number): string {
  const n = 8 + Math.floor(rand() * 25);
  const words = [VERBS[Math.floor(rand() * VERBS.length)] as string];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)] as string);
  return `${words.join(" ")}.`;
}

export type SyntheticSeed = {
  instruction: string;
  input: string;
  topic: string;
  view: string;
  taskType: string;
  difficulty: number;
};

export function syntheticSeeds(count: number, seed = 42): SyntheticSeed[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => ({
    instruction: syntheticInstruction(rand),
    input: rand() < 0.35 ? "" : syntheticInstruction(rand).repeat(3),
    topic: TOPICS[Math.floor(rand() * TOPICS.length)] as string,
    view: VIEWS[Math.floor(rand() * VIEWS.length)] as string,
    taskType: TYPES[Math.floor(rand() * TYPES.length)] as string,
    difficulty: 1 + Math.floor(rand() * 5),
  }));
}

// Words of a natural vocabulary: frequent function words, then made-up terms drawn with Zipf's law (the k-th
// most common word about 1/k as frequent), from a vocabulary that grows with the text as Heaps' law has it
// (about 30·√tokens distinct words: 13,000 for 10,000 instructions, 42,000 for 100,000). The 100-word
// vocabulary above makes every text share most of its words with every other: fine for timing one query,
// but no collection of instructions looks like that, and no word index can narrow a search in it.
const FUNCTION_WORDS = "the of and a to in for with on by or is patient patients what how which".split(" ");
const SYLLABLES = "ca ro mi ne tra so lu pa ve di ko ra te sil mo ban ther gen cor pul hep neu der gas".split(
  " ",
);

function zipfSampler(rand: () => number, n: number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1);
    cumulative[k] = sum;
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const wordOf = (k: number) => {
  let w = "";
  for (let x = k + 1; x > 0; x = Math.floor(x / SYLLABLES.length)) w += SYLLABLES[x % SYLLABLES.length];
  return w;
};

/**
 * `count` instructions as an import file would hold them: 9 to 33 words, about a third of them function
 * words; about 5% are light edits of an earlier one (near-duplicates) and 1% exact copies.
 */
export function naturalInstructions(count: number, seed = 5): string[] {
  const rand = prng(seed);
  const zipf = zipfSampler(rand, Math.max(5_000, Math.round(30 * Math.sqrt(20 * count))));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    if (out.length > 10 && r < 0.06) {
      const words = (out[Math.floor(rand() * out.length)] as string).split(" ");
      if (r >= 0.01) words[1 + Math.floor(rand() * (words.length - 1))] = wordOf(zipf());
      out.push(words.join(" "));
      continue;
    }
    const n = 8 + Math.floor(rand() * 25);
    const words = [VERBS[Math.floor(rand() * VERBS.length)] as string];
    for (let w = 0; w < n; w++) {
      words.push(
        rand() < 0.3
          ? (FUNCTION_WORDS[Math.floor(rand() * FUNCTION_WORDS.length)] as string)
          : wordOf(zipf()),
      );
    }
    out.push(words.join(" "));
  }
  return out;
}
