import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import { dedupAll } from "@/lib/generation/dedup-parallel";
import { TokenInterner } from "@/lib/rouge/interner";
import { lcsLengthDP } from "@/lib/rouge/lcs";
import { fFromLcs } from "@/lib/rouge/score";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { ms, pct } from "./stats";
import { prng } from "./synthetic";

// Generated-task-like instructions, 5-60 tokens: one of 60 templates (question, request, vignette,
// rewrite, ...) in varied wording, filled from medical vocabulary, mostly with a focus list of clinical
// terms and optionally a context clause and a constraint; 12% are free-form runs of clinical words, and 3%
// are edited copies of an earlier instruction (a word replaced, dropped or added), as a generator repeats
// itself. Tasks from one template with the same condition or drug also come close, as generated ones do.
// Deterministic for a given seed.

const CONDITIONS = (
  "type 2 diabetes|type 1 diabetes|essential hypertension|asthma|COPD|community-acquired pneumonia|sepsis|" +
  "ischemic stroke|acute myocardial infarction|heart failure with reduced ejection fraction|atrial fibrillation|" +
  "chronic kidney disease|acute kidney injury|iron deficiency anemia|hypothyroidism|Graves disease|migraine|" +
  "epilepsy|Parkinson disease|Alzheimer disease|multiple sclerosis|major depressive disorder|generalized anxiety|" +
  "bipolar disorder|schizophrenia|rheumatoid arthritis|osteoarthritis|gout|systemic lupus erythematosus|psoriasis|" +
  "atopic dermatitis|melanoma|breast cancer|colorectal cancer|lung adenocarcinoma|prostate cancer|lymphoma|" +
  "acute lymphoblastic leukemia|sickle cell disease|deep vein thrombosis|pulmonary embolism|cirrhosis|" +
  "acute pancreatitis|appendicitis|Crohn disease|ulcerative colitis|peptic ulcer disease|GERD|hepatitis B|" +
  "hepatitis C|HIV infection|tuberculosis|urinary tract infection|pyelonephritis|cellulitis|Lyme disease|" +
  "measles|bronchiolitis|otitis media|preeclampsia|gestational diabetes|osteoporosis|obstructive sleep apnea|" +
  "celiac disease|hyperkalemia|hyponatremia|diabetic ketoacidosis|anaphylaxis|concussion|glaucoma|cataract"
).split("|");
const DRUGS = (
  "metformin|insulin glargine|empagliflozin|semaglutide|lisinopril|amlodipine|losartan|metoprolol|furosemide|" +
  "spironolactone|atorvastatin|aspirin|clopidogrel|warfarin|apixaban|heparin|amoxicillin|ceftriaxone|" +
  "azithromycin|doxycycline|vancomycin|levothyroxine|prednisone|methotrexate|adalimumab|albuterol|" +
  "fluticasone|omeprazole|ondansetron|morphine|ibuprofen|acetaminophen|sertraline|lithium|quetiapine|" +
  "levetiracetam|donepezil|allopurinol|alendronate|tamoxifen"
).split("|");
const SYMPTOMS = (
  "chest pain|shortness of breath|fever|productive cough|headache|abdominal pain|nausea and vomiting|" +
  "diarrhea|fatigue|weight loss|palpitations|syncope|dizziness|joint swelling|a rash|back pain|dysuria|" +
  "hematuria|confusion|weakness in the left arm|blurred vision|night sweats|leg swelling|jaundice|itching"
).split("|");
const ASPECTS = (
  "pathophysiology|first-line treatment|diagnostic criteria|common complications|risk factors|" +
  "warning signs|differential diagnosis|prognosis|screening recommendations|lifestyle changes|" +
  "mechanism of action|side effects|drug interactions|contraindications|monitoring plan|follow-up schedule"
).split("|");
const AUDIENCES = (
  "a newly diagnosed patient|a worried parent|a first-year medical student|a nurse on a night shift|" +
  "a community pharmacist|an elderly caregiver|a teenager|a primary care physician|a hospital administrator|" +
  "a patient with limited health literacy"
).split("|");
const PEOPLE = (
  "adults|children|older adults|pregnant women|athletes|smokers|patients with obesity|nursing home residents|" +
  "immunocompromised patients|people living in rural areas"
).split("|");
const DOCS = (
  "discharge summary|clinical note|lab report|radiology report|medication list|patient leaflet|" +
  "research abstract|consent form|referral letter|nursing handover"
).split("|");
const CONTEXTS = [
  "{The patient|She|He} has a history of {c} and {takes|is on|was started on} {d}.",
  "Assume {an allergy to|intolerance of} {d}.",
  "{Consider that|Note that|Keep in mind that} {s} {began|started} {n} days ago.",
  "Recent {labs|blood tests} show {elevated creatinine|low hemoglobin|high potassium|a raised CRP}.",
  "{The setting is|This happens in} {a busy emergency department|a rural clinic|an intensive care unit|a home visit}.",
  "Use the {information|details|findings} in the {doc} {below|provided}.",
  "{He|She} lives alone and {often forgets|struggles} to take {d}.",
  "Focus on {self-care|what can be done at home|red flags|cost} {first|before anything else}.",
];
const CONSTRAINTS = [
  "{Answer|Reply|Respond} in {at most|no more than} {n} sentences.",
  "{Use plain language|Avoid jargon|Write at a sixth-grade reading level}.",
  "{Format|Give} {the answer|your response} as a {bulleted|numbered} list.",
  "Cite {the relevant guideline|current evidence|one reference}{| if possible}.",
  "{Explain|Show} your reasoning{| step by step}.",
  "{Include|Add|Give} {one|a concrete|a practical} example.",
  "{End|Finish} with a {short|one-line} summary.",
  "Keep it under {n0} words.",
];
const TEMPLATES = [
  "{Explain|Describe|Outline|Walk through} the {a} of {c} {to|for} {au}.",
  "What are the {a} of {c} in {p}?",
  "{Describe|Explain} how {d} works and why it is {used|prescribed|given} {for|in} {c}.",
  "{List|Name|Enumerate} the {most important|key|main} {a} of {d}{| for {p}}.",
  "Compare {d} {and|with|versus} {d} {for the treatment of|in managing|as therapy for} {c}{| in {p}}.",
  "A {age}-year-old {sex} {presents|comes in|is seen} with {s} and {s}. {What is the most likely diagnosis?|What tests would you order?|How would you manage this?}",
  "A {age}-year-old {sex} with {c} {develops|reports|is admitted with} {s}. {What should be done next?|What is the likely cause?}",
  "{Summarize|Condense|Give the gist of} {the following|this} {doc} for {au}.",
  "Rewrite {this|the following} {doc} about {c} so that {au} can {understand|follow} it.",
  "{Classify|Sort|Triage} {these symptoms|the complaints below} as urgent or {not urgent|routine}: {s}, {s}, {s}.",
  "Is {d} {safe|appropriate|a good choice} for {p} with {c}?",
  "Write a {short|brief|realistic} {dialogue|conversation} between a {doctor|nurse|pharmacist} and {au} about {c}.",
  "{Create|Make|Draft} a {checklist|care plan|weekly schedule} for {au} {managing|living with|caring for someone with} {c}.",
  "{Identify|Find|Point out} the {errors|mistakes|inconsistencies} in this {doc} about {d}.",
  "{Give|Write|Suggest} {n} questions {au} might ask about {c}{|, with brief answers}.",
  "How would you counsel {au} {who has just been prescribed|starting|stopping} {d}?",
  "What {lifestyle|dietary|exercise} advice would you give {p} at risk of {c}?",
  "{Translate|Turn} the key points of {this|the} {doc} into {simple steps|a short list} for {au}.",
  "Suggest a differential diagnosis for {s} in {p}{|, ordered by likelihood}.",
  "Extract {all|the} {medications|diagnoses|allergies} {and doses|} from {the following|this} {doc}.",
  "Why {does|can} {c} cause {s}{| in {p}}?",
  "{Draft|Write} a {message|letter|text} to {au} explaining {the results of a test|a new diagnosis|a treatment plan} for {c}.",
  "Which {lab tests|imaging studies|bedside checks} help {confirm|rule out} {c}, and {why|in what order}?",
  "{Outline|Sketch} a {teaching session|short talk} on {c} for {au}.",
  "My {mother|father|grandmother|son|daughter} {has|was diagnosed with} {c}. {What should we watch for?|How can I help?|Is it serious?}",
  "Turn {these notes|this {doc}} into a {SOAP note|problem list|handover summary}.",
  "{Is it true|Is it a myth} that {d} {causes|prevents|cures} {c}?",
  "{Estimate|Calculate} the {daily dose|infusion rate|creatinine clearance} for a {age}-year-old {sex} weighing {n0} pounds.",
  "{Flag|Highlight} any {drug interactions|duplicate therapies|dosing problems} in {this medication list|the list below}.",
  "{Design|Propose} {a quality improvement project|an audit|a screening program} to reduce {c} in {p}.",
  "{Critique|Appraise|Evaluate} {this|the following} {research abstract|trial summary} on {d} for {c}.",
  "What {questions|history} should a {nurse|doctor|pharmacist} ask {au} reporting {s}?",
  "{Convert|Change} the following {doc} into {Spanish|plain English|a table}.",
  "{Role-play|Act as} a {triage nurse|pharmacist|GP} answering {au} who {asks|wonders} about {s}.",
  "When should {p} with {c} {go to the emergency department|call their doctor|stop taking {d}}?",
  "{Match|Pair} each of these drugs with its {class|main use|key side effect}: {d}, {d}, {d}.",
  "{Rank|Order} these {interventions|tests|treatments} for {c} by {cost|strength of evidence|urgency}.",
  "Write {a tweet|an Instagram caption|a poster headline} {raising awareness of|about} {c} {among|for} {p}.",
  "{Explain|Describe} the difference between {c} and {c}{| to {au}}.",
  "{Generate|Write} a {multiple-choice question|quiz question|case-based question} about {d}{| with four options}.",
  "What {would happen|are the risks} if {p} {stopped|doubled|skipped} {d}?",
  "{Fill in|Complete} the {missing|blank} {fields|sections} of this {doc}.",
  "{Decide|Judge} whether {this|the following} {doc} {is complete|contains errors|meets the guideline}.",
  "Describe a typical day {for|of} {au} living with {c}.",
  "{List|Give} {n} {myths|misconceptions|facts} about {c}{| and correct them}.",
  "{Simplify|Shorten} {this|the following} {consent form|patient leaflet} {about|for} {d}.",
  "How {is|should} {c} {be monitored|be followed up|be staged} in {p}?",
  "{Tell|Advise} {au} how to {use an inhaler|check blood sugar|store {d}|measure blood pressure} {correctly|at home}.",
  "{Explain|Interpret} {a|the} {lab result|finding} of {high potassium|low sodium|raised troponin|positive D-dimer} in {p}.",
  "{Summarize|Review} {the evidence|current guidance} on {d} {for|in} {p}.",
  "{Plan|Organize} {discharge|follow-up|a home visit} for a {age}-year-old {sex} {recovering from|treated for} {c}.",
  "What is the {prognosis|life expectancy|recurrence risk} of {c} {in|for} {p}?",
  "{Draft|Write} {an email|a referral|a note} to a {cardiologist|neurologist|dietitian|social worker} about {c}.",
  "{Answer|Respond to} {this|the} {patient|caregiver} question: {can I|should I} {drink alcohol|exercise|drive} {on|while taking} {d}?",
  "{Describe|Explain} the {anatomy|physiology} {behind|underlying} {s}.",
  "{Label|Tag} each sentence of {this|the} {doc} as {symptom, finding or plan|fact or opinion}.",
  "Why {might|would} a {doctor|specialist} {prescribe|avoid} {d} {in|for} {p}?",
  "{Explain|Give} {the steps of|how to perform} {a|an} {physical exam|neurological exam|wound dressing|blood draw} for {s}.",
  "{Create|Write} a {meal plan|exercise plan|sleep routine} for {p} with {c}.",
  "{Compare|Contrast} {the guidelines|the approaches} {for|to} {c} in {p} and {p}.",
];
const WORDS = (
  "anemia sepsis asthma stroke migraine eczema gout lupus angina colitis glaucoma hepatitis insulin statin " +
  "warfarin heparin biopsy dialysis ultrasound ecg mri triage consent prognosis relapse dosage allergy " +
  "fracture burn delirium dementia fever cough rash nausea fatigue syncope edema tremor seizure vertigo " +
  "pneumonia cirrhosis pancreatitis appendicitis cholecystitis diverticulitis nephrolithiasis pyelonephritis " +
  "hypothyroidism hyperkalemia hyponatremia acidosis alkalosis thrombosis embolism aneurysm arrhythmia " +
  "bradycardia tachycardia hypertension hypotension ischemia infarction cardiomyopathy endocarditis " +
  "meningitis encephalitis neuropathy myopathy arthritis osteoporosis scoliosis tendinitis bursitis " +
  "psoriasis melanoma carcinoma lymphoma leukemia myeloma sarcoma metastasis chemotherapy radiotherapy " +
  "immunotherapy vaccination antibiotic antiviral antifungal analgesic opioid anticoagulant diuretic " +
  "bronchodilator corticosteroid antihistamine antidepressant antipsychotic anxiolytic sedative adherence " +
  "screening prevention rehabilitation nutrition hydration mobility sleep smoking alcohol exercise weight " +
  "pregnancy lactation pediatric geriatric renal hepatic cardiac pulmonary neurologic dermatologic " +
  "laboratory imaging pathology genetics pharmacokinetics interactions toxicity overdose withdrawal " +
  "cost access telehealth follow-up referral discharge readmission mortality morbidity quality safety"
).split(" ");

// The long tail of a clinical vocabulary: terms built from Greek and Latin roots and suffixes
// ("nephrectomy", "arthroscopy") and drug names from stems ("lorisartan"), picked with Zipf-like frequencies
// so that a few words are everywhere and most are rare, as in real text.
const ROOTS = (
  "cardi hepat nephr neur gastr dermat oste my hemat pneum encephal arthr angi bronch cyst col ot rhin " +
  "laryng ophthalm mast hyster thyr aden lymph splen pancreat chol cephal cerebr cost crani cyt enter " +
  "esophag gingiv gloss lip mening myel onc pharyng phleb proct pulmon pyel sial spondyl ten thromb " +
  "trache ur vas blephar chondr derm duoden fibr glomerul hidr ile kerat lapar metr oophor orchi"
).split(" ");
const SUFFIXES = (
  "itis osis ectomy otomy ostomy algia megaly pathy plasty scopy graphy oma emia rrhaphy lysis " +
  "stenosis sclerosis malacia genesis cele"
).split(" ");
const SYLLABLES =
  "al be ca da e fi ga ha i lo ma ne o pa ra sa ta va ze xi ri mo tri clo flu pro di me".split(" ");
const STEMS = (
  "pril sartan olol statin mab tinib azole cillin mycin prazole tidine dipine floxacin vir zumab " +
  "gliptin gliflozin parin xaban oxetine azepam triptan lukast sone cycline"
).split(" ");
const TERMS = ROOTS.flatMap((r) => SUFFIXES.map((x) => r + (/^[aeiou]/.test(x) ? "" : "o") + x));

/** A rank from 0 to n-1 with probability falling as 1/(rank + 50) (Zipf-Mandelbrot). */
const zipf = (rand: () => number, n: number) =>
  Math.min(n - 1, Math.floor(50 * ((n + 50) / 50) ** rand()) - 50);

export function syntheticTasks(count: number, seed = 52): string[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const shuffled = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const drugNames = new Set<string>(DRUGS);
  while (drugNames.size < 2_000) drugNames.add(pick(SYLLABLES) + pick(SYLLABLES) + pick(STEMS));
  const drugs = shuffled([...drugNames]);
  const conditions = shuffled([...CONDITIONS, ...TERMS]);
  const vocabulary = shuffled([...WORDS, ...TERMS, ...drugs]);
  const word = () => vocabulary[zipf(rand, vocabulary.length)] as string;
  const slot = (name: string): string => {
    switch (name) {
      case "c":
        return conditions[zipf(rand, conditions.length)] as string;
      case "d":
        return drugs[zipf(rand, drugs.length)] as string;
      case "s":
        return pick(SYMPTOMS);
      case "a":
        return pick(ASPECTS);
      case "au":
        return pick(AUDIENCES);
      case "p":
        return pick(PEOPLE);
      case "doc":
        return pick(DOCS);
      case "age":
        return String(2 + Math.floor(rand() * 90));
      case "sex":
        return rand() < 0.5 ? "woman" : "man";
      case "n":
        return String(2 + Math.floor(rand() * 8));
      default:
        return String(50 * (1 + Math.floor(rand() * 6)));
    }
  };
  // "{c}" fills a slot from the vocabulary, then "{a|b|c}" picks one wording (possibly holding a slot).
  const fill = (template: string): string =>
    template
      .replace(/\{(\w+)\}/g, (_, name: string) => slot(name))
      .replace(/\{([^{}]*\|[^{}]*)\}/g, (_, options: string) => pick(options.split("|")));
  const words = (min: number, spread: number) =>
    Array.from({ length: min + Math.floor(rand() * spread) }, word);

  const task = (earlier: string[]): string => {
    const roll = rand();
    if (earlier.length > 0 && roll < NEAR_COPY_SHARE) {
      return nearCopy(earlier[Math.floor(rand() * earlier.length)] as string, rand, word);
    }
    const parts: string[] = [];
    if (roll < 0.12) {
      // Free-form: a verb and a run of clinical words.
      parts.push(
        `${pick(["Explain", "Describe", "Discuss", "Assess", "Review"])} ${words(4, 20).join(" ")}.`,
      );
    } else {
      parts.push(fill(pick(TEMPLATES)));
      // What a generator adds to make a task its own: a focus drawn from the clinical vocabulary.
      if (rand() < 0.95) {
        const focus = words(3, 6);
        const lead = pick(["Focus on", "Consider", "Address", "Mention", "Pay attention to", "Cover"]);
        parts.push(`${lead} ${focus.slice(0, -1).join(", ")} and ${focus.at(-1)}.`);
      }
    }
    if (rand() < 0.45) parts.push(fill(pick(CONTEXTS)));
    if (rand() < 0.45) parts.push(fill(pick(CONSTRAINTS)));
    if (rand() < 0.08) parts.push(`Key terms: ${words(5, 20).join(", ")}.`);
    return parts.join(" ");
  };

  const tasks: string[] = [];
  while (tasks.length < count) {
    const next = task(tasks);
    const length = rougeTokens(next).length;
    if (length >= 5 && length <= 60) tasks.push(next);
  }
  return tasks;
}

const NEAR_COPY_SHARE = 0.03;

/** An edited copy: one or two words replaced, dropped or added; sometimes one just re-cased. */
function nearCopy(text: string, rand: () => number, word: () => string): string {
  const words = text.split(" ");
  const edits = 1 + Math.floor(rand() * 2);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * words.length);
    const roll = rand();
    if (roll < 0.4) words[at] = word();
    else if (roll < 0.7 && words.length > 3) words.splice(at, 1);
    else if (roll < 0.9) words.splice(at, 0, word());
    else words[at] = (words[at] as string).toUpperCase();
  }
  return words.join(" ");
}

const TOTAL = 52_000;
/** Tasks the DP reference runs on: O(n²) pairs, about 10-20 s here. */
const DP_TASKS = 2_500;
const THRESHOLD = 0.7;

type Decision = { kept: boolean; maxRougeL: number; mostSimilar: string | null };

function ours(tasks: string[]): Decision[] {
  const deduper = new IncrementalDeduper(THRESHOLD);
  return tasks.map((task, i) => deduper.offer(String(i), task));
}

/**
 * The reference algorithm (Alpaca's loop, as rouge_score computes it): tokenise each task once, then
 * score it by a textbook dynamic-programming LCS against every task kept so far. Tokens are interned to
 * integers first, which only makes the reference faster than comparing strings.
 */
function dynamicProgramming(tasks: string[]): { decisions: Decision[]; pairs: number } {
  const interner = new TokenInterner();
  const kept: { id: string; tokens: Int32Array }[] = [];
  const decisions: Decision[] = [];
  let pairs = 0;
  tasks.forEach((task, i) => {
    const tokens = interner.encode(rougeTokens(task));
    let maxRougeL = 0;
    let mostSimilar: string | null = null;
    for (const other of kept) {
      const score = fFromLcs(lcsLengthDP(tokens, other.tokens), tokens.length, other.tokens.length);
      if (score > maxRougeL) {
        maxRougeL = score;
        mostSimilar = other.id;
      }
    }
    pairs += kept.length;
    const isKept = maxRougeL <= THRESHOLD;
    if (isKept) kept.push({ id: String(i), tokens });
    decisions.push({ kept: isKept, maxRougeL, mostSimilar });
  });
  return { decisions, pairs };
}

const seconds = (msec: number) => `${(msec / 1000).toFixed(msec < 10_000 ? 2 : 1)} s`;
const count = (n: number) => n.toLocaleString("en-US");
const mark = (ok: boolean) => (ok ? "PASS" : "MISSED");
/** In-process ours at 52,000 against the DP extrapolated to 52,000. */
const RATIO_GOAL = 2000;
/** The whole `medseed dedup` process on 52,000 records, wall clock. */
const PROCESS_GOAL_MS = 5000;
/** One candidate offered inside a running job whose deduper already holds 52,000 kept tasks, p95. */
const ADMISSION_GOAL_US = 100;
const ADMISSION_CANDIDATES = 2_000;

const loadNote = () => `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores`;

/**
 * Per-candidate admission in a running job: the job's deduper holds 52,000 kept tasks (added as a worker
 * catching up adds them, without a search), then each further candidate is offered and timed on its own.
 */
function admissionLatencies(tasks: string[], candidates: string[]): { wall: number[]; cpu: number[] } {
  const deduper = new IncrementalDeduper(THRESHOLD);
  for (const [i, task] of tasks.entries()) deduper.addReference(String(i), task);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const [i, task] of candidates.entries()) {
    // CPU time too: on a loaded machine the wall clock also counts the time spent waiting for a core.
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    deduper.offer(`c${i}`, task);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

/**
 * The whole `medseed dedup` process on the 52,000 tasks as JSON Lines, as a user runs it (start-up, reading,
 * de-duplication, writing), with its CPU time when /usr/bin/time is there to report it.
 */
function wholeProcess(tasks: string[]): {
  wallMs: number;
  cpuS: number | null;
  kept: number | null;
  startupMs: number;
  threads: number;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-dedup-bench-"));
  try {
    const input = path.join(dir, "generated.jsonl");
    const output = path.join(dir, "kept.jsonl");
    fs.writeFileSync(
      input,
      tasks
        .map((t, i) => `${JSON.stringify({ instruction: t, input: "", output: `answer ${i}` })}\n`)
        .join(""),
    );
    const timeBin = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
    const cli = [process.execPath, "--import", "tsx", "--conditions=react-server", "scripts/cli.ts"];
    const run = (args: string[]) => {
      const timesFile = path.join(dir, "times");
      const argv = timeBin ? [timeBin, "-o", timesFile, "-f", "%U %S", ...cli, ...args] : [...cli, ...args];
      const t0 = performance.now();
      const child = spawnSync(argv[0] as string, argv.slice(1), {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: undefined },
      });
      const wallMs = performance.now() - t0;
      if (child.status !== 0) throw new Error(`medseed ${args.join(" ")} failed: ${child.stderr}`);
      const cpu = timeBin
        ? fs.readFileSync(timesFile, "utf8").trim().split(/\s+/).slice(-2).map(Number)
        : null;
      const threads = /on 2 threads$/m.test(child.stderr) ? 2 : 1;
      return { wallMs, cpuS: cpu ? (cpu[0] as number) + (cpu[1] as number) : null, threads };
    };
    const startupMs = run(["dedup", "--help"]).wallMs;
    const { wallMs, cpuS, threads } = run(["dedup", "--in", input, "--out", output]);
    const kept = fs.readFileSync(output, "utf8").split("\n").filter(Boolean).length;
    return { wallMs, cpuS, kept, startupMs, threads };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Incremental ROUGE-L de-duplication of 52,000 instructions, next to the O(n²) dynamic programme. */
export async function benchDedup(): Promise<void> {
  const generated = syntheticTasks(TOTAL + ADMISSION_CANDIDATES);
  const tasks = generated.slice(0, TOTAL);
  const first = tasks.slice(0, DP_TASKS);
  console.log(
    `\nROUGE-L de-duplication (threshold ${THRESHOLD}; each task against every task kept before it), ` +
      `${count(TOTAL)} synthetic medical instructions of 5-60 tokens (${loadNote()})`,
  );

  let t0 = performance.now();
  const all = ours(tasks);
  const oursAll = performance.now() - t0;
  const keptAll = all.filter((d) => d.kept).length;
  // Pairs the reference would score at 52,000: each task against the tasks kept before it.
  let pairsAll = 0;
  let keptSoFar = 0;
  for (const d of all) {
    pairsAll += keptSoFar;
    if (d.kept) keptSoFar++;
  }

  t0 = performance.now();
  const oursFirst = ours(first);
  const oursN = performance.now() - t0;
  t0 = performance.now();
  const dp = dynamicProgramming(first);
  const dpN = performance.now() - t0;
  const identical = dp.decisions.every(
    (d, i) =>
      d.kept === oursFirst[i]?.kept &&
      d.maxRougeL === oursFirst[i]?.maxRougeL &&
      d.mostSimilar === oursFirst[i]?.mostSimilar,
  );
  const estimated = dpN * (TOTAL / DP_TASKS) ** 2;
  const byPairs = (dpN / dp.pairs) * pairsAll;
  const nsPerPair = (dpN * 1e6) / dp.pairs;

  console.log(
    `  ours, all ${count(TOTAL)} (measured): ${seconds(oursAll)}   ${count(keptAll)} kept, ${count(TOTAL - keptAll)} discarded`,
  );
  console.log(`  ours, first ${count(DP_TASKS)} (measured): ${ms(oursN)}`);
  console.log(
    `  DP reference, first ${count(DP_TASKS)} (measured): ${seconds(dpN)}   ${count(dp.pairs)} pairs, ${nsPerPair.toFixed(0)} ns a pair`,
  );
  console.log(
    `  decisions identical on the first ${count(DP_TASKS)} (kept or not, max ROUGE-L, most similar task): ${identical ? "yes" : "NO"}`,
  );
  console.log(`  ratio at ${count(DP_TASKS)} (measured, DP / ours): ${(dpN / oursN).toFixed(0)}x`);
  console.log(
    `  DP reference at ${count(TOTAL)} (estimated, O(n²): ${seconds(dpN)} x (${count(TOTAL)}/${count(DP_TASKS)})²): ${seconds(estimated)}` +
      `   (by the ${count(pairsAll)} pairs it would score: ${seconds(byPairs)})`,
  );
  const ratio = estimated / oursAll;
  console.log(
    `  ratio at ${count(TOTAL)} (estimated DP / measured ours): ${ratio.toFixed(0)}x` +
      `   (by pairs: ${(byPairs / oursAll).toFixed(0)}x)   goal: >= ${RATIO_GOAL}x ${mark(ratio >= RATIO_GOAL && identical)}`,
  );

  // The batch path `medseed dedup` takes: the same decisions on two threads (dedupAll).
  const c0 = process.cpuUsage();
  t0 = performance.now();
  let byWorker = 0;
  const twoThreads = await dedupAll(
    [],
    tasks.map((instruction, i) => ({ id: String(i), instruction })),
    { threshold: THRESHOLD, threads: 2, onDone: (s) => (byWorker = s.searchedByWorker) },
  );
  const oursTwo = performance.now() - t0;
  const cpuTwo = process.cpuUsage(c0);
  const sameTwo = twoThreads.every(
    (d, i) =>
      d.kept === all[i]?.kept && d.maxRougeL === all[i]?.maxRougeL && d.mostSimilar === all[i]?.mostSimilar,
  );
  console.log(
    `  ours on two threads, all ${count(TOTAL)} (measured, the batch path \`medseed dedup\` takes when a core is free): ${seconds(oursTwo)}` +
      ` (${((cpuTwo.user + cpuTwo.system) / 1e6).toFixed(2)} s CPU, ${count(byWorker)} tasks searched by the worker);` +
      ` decisions ${sameTwo ? "identical to" : "DIFFERENT from"} one thread's; ratio ${(estimated / oursTwo).toFixed(0)}x` +
      `   goal: >= ${RATIO_GOAL}x ${mark(estimated / oursTwo >= RATIO_GOAL && sameTwo && identical)}   (${loadNote()})`,
  );

  const latencies = admissionLatencies(tasks, generated.slice(TOTAL));
  const us = (times: number[], p: number) => `${(pct(times, p) * 1000).toFixed(1)} µs`;
  const p95us = pct(latencies.wall, 95) * 1000;
  // The straightforward way scores the candidate against all 52,000 kept tasks.
  const dpPerCandidateUs = (nsPerPair * TOTAL) / 1000;
  console.log(
    `  admission in a running job at ${count(TOTAL)} kept, per candidate (${count(ADMISSION_CANDIDATES)} timed): ` +
      `p50 ${us(latencies.wall, 50)}  p95 ${us(latencies.wall, 95)}  p99 ${us(latencies.wall, 99)}` +
      `   baseline (DP against every kept task, estimated): ${(dpPerCandidateUs / 1000).toFixed(0)} ms   goal: p95 < ${ADMISSION_GOAL_US} µs ${mark(p95us < ADMISSION_GOAL_US)}`,
  );
  console.log(
    `    the same in CPU time (no waiting for a core): p50 ${us(latencies.cpu, 50)}  p95 ${us(latencies.cpu, 95)}  p99 ${us(latencies.cpu, 99)}`,
  );

  const proc = wholeProcess(tasks);
  const sameKept = proc.kept === keptAll;
  console.log(
    `  whole \`medseed dedup\` process, ${count(TOTAL)} records in JSON Lines: ${seconds(proc.wallMs)} wall` +
      `${proc.cpuS === null ? "" : ` (${proc.cpuS.toFixed(2)} s CPU)`} on ${proc.threads} thread${proc.threads === 1 ? "" : "s"} (chosen by the cores idle as it starts), start-up alone (dedup --help) ${seconds(proc.startupMs)}; ` +
      `${count(proc.kept ?? 0)} kept (${sameKept ? "same as in-process" : "DIFFERENT from in-process"})` +
      `   baseline: DP at ${count(TOTAL)} estimated ${seconds(estimated)}, ratio ${(estimated / proc.wallMs).toFixed(0)}x` +
      `   goal: under ${PROCESS_GOAL_MS / 1000} s ${mark(proc.wallMs < PROCESS_GOAL_MS && sameKept)}   (${loadNote()})`,
  );
}
