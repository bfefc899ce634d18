import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";

// Deterministic synthetic seed tasks for benchmarks: medical-flavoured instructions of realistic length.
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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
