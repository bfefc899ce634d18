import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";

// A real OpenAI-compatible HTTP server for integration tests and `npm run bench`: it writes task blocks in
// the prompt's own format (lib/generation/prompt/seed-block.ts), answers response requests, and injects the
// faults real providers produce. No test-framework imports: scripts load it too.

export type FaultKind =
  | "malformed"
  | "rate_limit"
  | "server_error"
  | "timeout"
  | "truncated"
  | "context_length";

export type FakeServerOptions = {
  /** Added to every response (default 0). */
  latencyMs?: number;
  /** Probability 0..1 that a request gets a fault (default 0). */
  faultRate?: number;
  /** Kinds drawn from (default all except context_length). */
  faultKinds?: FaultKind[];
  /**
   * Faults for the next task requests, one each in this order, before `faultRate` applies: a test that
   * needs a kind of fault on a task request gets it whatever order the calls arrive in.
   */
  taskFaults?: FaultKind[];
  /** Seeds the RNG for content and faults (default 1): the same request order gives the same answers. */
  seed?: number;
  /** Share of generated tasks that repeat or nearly repeat an earlier one (default 0.1), so dedup has work. */
  duplicateRate?: number;
  /** Wait announced by 429s, as `retry-after-ms` and `retry-after` (seconds, rounded up); default 50. */
  retryAfterMs?: number;
  /** How long a "timeout" fault hangs before answering anyway (default 30000): clients should abort first. */
  timeoutHangMs?: number;
  /**
   * Every answer waits until this many requests have arrived since the option was set (a safety timer answers
   * anyway after 10 s), then they all go: a test that needs calls under way at once gets them. 0 or unset: none.
   */
  holdUntil?: number;
  /** When set, `Authorization: Bearer <key>` is required, else 401. */
  apiKey?: string;
  // Evaluation (issue 16): a pairwise judge prompt ("## Output (a):" ... "## Output (b):") gets a verdict:
  // the longer answer wins, equal lengths tie.
  /** Probability 0..1 that a judge answer is prose naming no verdict (default 0): the engine retries it once. */
  judgeUnparsedRate?: number;
  /** Probability 0..1 that the judge says "Output (a)" whatever it read (default 0): position bias. */
  judgePositionBias?: number;
  /**
   * The rater's answer to a rating request (a prompt asking for "Score: X"), given the response being rated
   * and how many times that response was rated before. Default: a score from 1 to 5 that depends only on
   * the response text, written in one of several messy formats ("Score: 4", "4/5" in bold, prose around it).
   */
  rater?: (response: string, attempt: number) => string;
  /**
   * Rewrites each generated task (its number among all the server generated, from 0) before it is written
   * out: a test that needs model-written text of a kind (an age over 89, a name) gets it where it wants it.
   */
  modelWrites?: (
    task: { instruction: string; input: string },
    index: number,
  ) => { instruction: string; input: string };
};

export type FakeServer = {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  stats: {
    requests: number;
    taskRequests: number;
    responseRequests: number;
    /** pairwise judge requests (evaluation) */
    judgeRequests: number;
    /** rating requests (counted apart from responseRequests) */
    ratingRequests: number;
    faults: Record<FaultKind, number>;
    maxConcurrent: number;
  };
  /** The last 1000 requests, oldest first. */
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON that tests inspect freely.
  requests: Array<{ body: any; headers: Record<string, string | string[] | undefined> }>;
  setOptions(patch: Partial<FakeServerOptions>): void;
  /** Stops listening and ends every open request, including hanging ones. */
  close(): Promise<void>;
};

const ALL_FAULTS: FaultKind[] = ["malformed", "rate_limit", "server_error", "timeout", "truncated"];
const DEFAULT_TASKS = 12;
const MAX_TASKS = 100;
const REQUEST_LOG = 1000;
const HISTORY = 20_000;

export async function startFakeOpenAIServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  let opts = { ...options };
  let scriptedTaskFaults = [...(options.taskFaults ?? [])];
  const rng = new Rng(opts.seed ?? 1);
  const history: string[] = []; // instructions generated so far, for duplicates
  const ratingAttempts = new Map<string, number>(); // rated response -> times rated
  const waits = new Set<() => void>();
  /** holdUntil: requests arrived since it was set, and the answers waiting for the rest */
  let heldArrivals = 0;
  const held = new Set<() => void>();
  const releaseHeld = () => {
    for (const go of [...held]) go();
  };
  let inFlight = 0;
  let serverErrors = 0;
  let completions = 0;
  let tasksWritten = 0;

  const stats: FakeServer["stats"] = {
    requests: 0,
    taskRequests: 0,
    responseRequests: 0,
    judgeRequests: 0,
    ratingRequests: 0,
    faults: { malformed: 0, rate_limit: 0, server_error: 0, timeout: 0, truncated: 0, context_length: 0 },
    maxConcurrent: 0,
  };
  const requests: FakeServer["requests"] = [];

  /** setTimeout that close() can cut short; resolves early if the client goes away. */
  const wait = (ms: number, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        res.off("close", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
      res.on("close", done);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    if (opts.holdUntil && ++heldArrivals >= opts.holdUntil) releaseHeld();
    inFlight++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, inFlight);
    res.on("close", () => inFlight--);

    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    requests.push({ body, headers: req.headers });
    if (requests.length > REQUEST_LOG) requests.shift();

    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return sendError(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, {
        object: "list",
        data: ["fake-gpt-4", "fake-gpt-3.5-turbo"].map((id) => ({
          id,
          object: "model",
          created: 0,
          owned_by: "medseed",
        })),
      });
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return sendError(
        res,
        404,
        `Unknown route ${req.method} ${path}.`,
        "invalid_request_error",
        "unknown_url",
      );
    }
    const chat = parseChatBody(body);
    if (!chat)
      return sendError(res, 400, "The body must be a JSON chat completion request.", "invalid_request_error");
    if (chat.stream) {
      return sendError(
        res,
        400,
        "Streaming is not supported by this server.",
        "invalid_request_error",
        "stream",
      );
    }

    const task = taskPlan(chat);
    const judging = judgePair(lastUserContent(chat));
    const rated = task || judging ? null : ratedResponse(lastUserContent(chat));
    if (task) stats.taskRequests++;
    else if (judging) stats.judgeRequests++;
    else if (rated !== null) stats.ratingRequests++;
    else stats.responseRequests++;

    const scripted = task ? scriptedTaskFaults.shift() : undefined;
    const fault: FaultKind | null =
      scripted ??
      ((opts.faultRate ?? 0) > 0 && rng.next() < (opts.faultRate ?? 0)
        ? rng.pick(opts.faultKinds ?? ALL_FAULTS)
        : null);
    if (fault) stats.faults[fault]++;

    await wait(opts.latencyMs ?? 0, res);
    if (opts.holdUntil && heldArrivals < opts.holdUntil)
      await new Promise<void>((resolve) => {
        const go = () => {
          clearTimeout(timer);
          held.delete(go);
          resolve();
        };
        const timer = setTimeout(go, 10_000);
        held.add(go);
      });
    if (res.destroyed) return;

    if (fault === "rate_limit") {
      const ms = opts.retryAfterMs ?? 50;
      res.setHeader("retry-after", String(Math.ceil(ms / 1000)));
      res.setHeader("retry-after-ms", String(ms));
      return sendError(
        res,
        429,
        `Rate limit reached for requests on ${chat.model}. Please try again in ${ms}ms.`,
        "requests",
        "rate_limit_exceeded",
      );
    }
    if (fault === "server_error") {
      // Alternate like a real fleet: the API's own 500, a proxy's HTML 502, an overloaded 503.
      const status = [500, 502, 503][serverErrors++ % 3] as number;
      if (status === 502) {
        res.writeHead(502, { "content-type": "text/html" });
        return res.end("<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>");
      }
      return sendError(res, status, "The server had an error while processing your request.", "server_error");
    }
    if (fault === "context_length") {
      return sendError(
        res,
        400,
        "This model's maximum context length is 4097 tokens. However, your messages resulted in 5120 tokens. " +
          "Please reduce the length of the messages.",
        "invalid_request_error",
        "context_length_exceeded",
      );
    }
    if (fault === "timeout") {
      await wait(opts.timeoutHangMs ?? 30_000, res);
      if (res.destroyed) return;
    }

    let text: string;
    let finish: "stop" | "length" = "stop";
    if (fault === "malformed") {
      text = task ? proseWithoutBlocks(rng) : "";
    } else {
      if (rated !== null) {
        const attempt = ratingAttempts.get(rated) ?? 0;
        ratingAttempts.set(rated, attempt + 1);
        text = (opts.rater ?? defaultRater)(rated, attempt);
      } else
        text = task
          ? generateTasks(rng, task, history, opts.duplicateRate ?? 0.1, (t) => {
              const written = opts.modelWrites?.(t, tasksWritten) ?? t;
              tasksWritten++;
              return written;
            })
          : judging
            ? judgeVerdict(rng, judging, opts)
            : generateAnswer(rng, lastUserContent(chat));
      const stopAt = firstStop(text, chat.stop);
      if (stopAt >= 0) text = text.slice(0, stopAt);
      if (fault === "truncated") {
        text = cutMidInstruction(rng, text);
        finish = "length";
      }
      if (chat.maxTokens !== undefined && approxTokens(text) > chat.maxTokens) {
        text = text.slice(0, chat.maxTokens * 4);
        finish = "length";
      }
    }

    const promptChars = chat.messages.reduce((sum, m) => sum + m.content.length, 0);
    sendJson(res, 200, {
      id: `chatcmpl-fake-${++completions}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
      choices: [
        { index: 0, message: { role: "assistant", content: text }, finish_reason: finish, logprobs: null },
      ],
      usage: {
        prompt_tokens: Math.ceil(promptChars / 4),
        completion_tokens: approxTokens(text),
        total_tokens: Math.ceil(promptChars / 4) + approxTokens(text),
      },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `Fake server bug: ${String(error)}`, "server_error");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stats,
    requests,
    setOptions(patch) {
      opts = { ...opts, ...patch };
      if (patch.taskFaults) scriptedTaskFaults = [...patch.taskFaults];
      if (patch.seed !== undefined) rng.reseed(patch.seed);
      if (patch.holdUntil !== undefined) {
        heldArrivals = 0;
        releaseHeld();
      }
    },
    async close() {
      for (const done of [...waits]) done();
      releaseHeld();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

// --- HTTP helpers -------------------------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
) {
  sendJson(res, status, { error: { message, type, param: null, code } });
}

// --- Request reading ----------------------------------------------------------------------------------------

type ChatBody = {
  model: string;
  messages: { role: string; content: string }[];
  stop: string[];
  maxTokens?: number;
  stream: boolean;
};

function parseChatBody(body: unknown): ChatBody | null {
  if (!body || typeof body !== "object") return null;
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.messages)) return null;
  const messages = b.messages.map((m: { role?: unknown; content?: unknown }) => ({
    role: String(m?.role ?? ""),
    content: contentText(m?.content),
  }));
  const stop = typeof b.stop === "string" ? [b.stop] : Array.isArray(b.stop) ? b.stop.map(String) : [];
  const max = b.max_completion_tokens ?? b.max_tokens;
  return {
    model: typeof b.model === "string" ? b.model : "fake-model",
    messages,
    stop: stop.filter((s) => s.length > 0),
    maxTokens: typeof max === "number" && max > 0 ? max : undefined,
    stream: b.stream === true,
  };
}

/** Message content is a string or (for multi-part messages) an array of `{type: "text", text}` parts. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part: { text?: unknown }) => (typeof part?.text === "string" ? part.text : ""))
      .join("");
  }
  return "";
}

// --- Ratings -------------------------------------------------------------------------------------------------

/** The response a rating request rates (what follows its "Response:" line), or null when it is no rating. */
function ratedResponse(content: string): string | null {
  if (!/"Score: X"/.test(content)) return null;
  const m = /(?:^|\n)Response:\n([\s\S]*)$/.exec(content);
  return m ? (m[1] as string).replace(/\n+$/, "") : "";
}

/** A score that depends only on the text (1 to 5), so a test can compute it: see `fakeScore`. */
export function fakeScore(response: string): number {
  let h = 2166136261;
  for (const ch of response) h = Math.imul(h ^ (ch.codePointAt(0) as number), 16777619);
  return ((h >>> 0) % 5) + 1;
}

const RATING_FORMATS = [
  (s: number) => `Score: ${s}\nThe response is mostly accurate and addresses the question.`,
  (s: number) => `**${s}/5**\n\nRationale: the answer covers the key points with some omissions.`,
  (s: number) => `I would rate this response a ${s}. It is relevant, though it could be more specific.`,
  (s: number) => `Accuracy and helpfulness were both considered.\n\nOverall score: ${s}`,
];

function defaultRater(response: string): string {
  const score = fakeScore(response);
  return (RATING_FORMATS[(score + response.length) % RATING_FORMATS.length] as (s: number) => string)(score);
}

function lastUserContent(chat: ChatBody): string {
  for (let i = chat.messages.length - 1; i >= 0; i--) {
    const message = chat.messages[i];
    if (message?.role === "user") return message.content;
  }
  return "";
}

type TaskPlan = { first: number; last: number; continuesOpenBlock: boolean };

/**
 * A task request shows numbered blocks ("3. Type: ..."). Continue after the highest number; when the prompt
 * ends on an open header ("4. Type:") the answer starts with that block's type. The stop sequence's number
 * K says how many were asked for: write through block K, so the stop sequence is what ends the answer.
 */
function taskPlan(chat: ChatBody): TaskPlan | null {
  const content = lastUserContent(chat);
  const numbers = [...content.matchAll(/(?:^|\n)[ \t]*(\d+)\.[ \t]*Type:/g)].map((m) => Number(m[1]));
  if (numbers.length === 0) return null;
  const highest = Math.max(...numbers);
  const open = /(?:^|\n)[ \t]*(\d+)\.[ \t]*Type:[ \t]*$/.exec(content);
  const continuesOpenBlock = open !== null && Number(open[1]) === highest;
  const first = continuesOpenBlock ? highest : highest + 1;
  let last = first + DEFAULT_TASKS - 1;
  for (const stop of chat.stop) {
    const m = /(\d+)\.\s*Type:/.exec(stop);
    if (m && Number(m[1]) > first) last = Number(m[1]);
  }
  return { first, last: Math.min(last, first + MAX_TASKS), continuesOpenBlock };
}

/** The two answers of a pairwise judge prompt (the last pair: the prompt's worked example comes first). */
function judgePair(content: string): { a: string; b: string } | null {
  const at = content.lastIndexOf("## Output (a):");
  const bt = content.lastIndexOf("## Output (b):");
  if (at < 0 || bt < at) return null;
  const end = content.indexOf("\n## ", bt + 14);
  return {
    a: content.slice(at + 14, bt).trim(),
    b: content.slice(bt + 14, end < 0 ? undefined : end).trim(),
  };
}

function judgeVerdict(rng: Rng, pair: { a: string; b: string }, opts: FakeServerOptions): string {
  if (rng.chance(opts.judgeUnparsedRate ?? 0)) return "Both outputs have merits and I cannot choose.";
  if (rng.chance(opts.judgePositionBias ?? 0)) return "Output (a)";
  if (pair.a.length === pair.b.length) return "Tie";
  return pair.a.length > pair.b.length ? "Output (a)" : "Output (b)";
}

function firstStop(text: string, stops: string[]): number {
  let at = -1;
  for (const stop of stops) {
    const i = text.indexOf(stop);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at;
}

function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

// --- Deterministic randomness -------------------------------------------------------------------------------

/** mulberry32: tiny, fast, and good enough for test content. */
class Rng {
  private state = 0;
  constructor(seed: number) {
    this.reseed(seed);
  }
  reseed(seed: number): void {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// --- Vocabulary -----------------------------------------------------------------------------------------------
// Large pools so that two random instructions share few words (pairwise ROUGE-L well under the 0.7 cut).

/** Items separated by "|" or line breaks. */
function list(text: string): string[] {
  return text
    .split(/[|\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

const CONDITIONS = list(`
  type 2 diabetes | heart failure with reduced ejection fraction | atrial fibrillation | asthma | COPD
  community-acquired pneumonia | pulmonary embolism | deep vein thrombosis | migraine | epilepsy
  multiple sclerosis | Parkinson disease | Alzheimer dementia | ischemic stroke
  subarachnoid hemorrhage | hypothyroidism | Graves disease | Cushing syndrome | Addison disease
  diabetic ketoacidosis | chronic kidney disease | nephrotic syndrome | acute kidney injury
  urinary tract infection | gout | rheumatoid arthritis | systemic lupus erythematosus | psoriasis
  atopic eczema | cellulitis | sepsis | tuberculosis | HIV infection | hepatitis C
  alcoholic cirrhosis | acute pancreatitis | Crohn disease | ulcerative colitis | celiac disease
  peptic ulcer | appendicitis | cholecystitis | iron deficiency anemia | sickle cell disease
  hemophilia A | acute myeloid leukemia | Hodgkin lymphoma | breast cancer | prostate cancer
  colorectal cancer | melanoma | osteoporosis | osteoarthritis | major depressive disorder
  bipolar disorder | schizophrenia | generalized anxiety | anorexia nervosa | ADHD
  autism spectrum disorder | preeclampsia | gestational diabetes | endometriosis
  polycystic ovary syndrome | benign prostatic hyperplasia | glaucoma | macular degeneration
  otitis media | bronchiolitis | croup | Kawasaki disease | measles | malaria | dengue fever
  Lyme disease | hypertensive emergency | aortic stenosis | infective endocarditis | pericarditis
  hyperkalemia | hyponatremia | hypercalcemia | obstructive sleep apnea | sarcoidosis
  cystic fibrosis | myasthenia gravis | Guillain-Barre syndrome | carpal tunnel syndrome
  plantar fasciitis | anaphylaxis | heat stroke | opioid use disorder | alcohol withdrawal | delirium
  pressure ulcers | long COVID
`);

const DRUGS = list(`
  metformin | insulin glargine | empagliflozin | semaglutide | lisinopril | amlodipine | bisoprolol
  furosemide | spironolactone | warfarin | apixaban | heparin | atorvastatin | clopidogrel | aspirin
  digoxin | amiodarone | levothyroxine | prednisolone | hydrocortisone | methotrexate | adalimumab
  allopurinol | colchicine | amoxicillin | ceftriaxone | doxycycline | vancomycin | azithromycin
  nitrofurantoin | isoniazid | dolutegravir | sofosbuvir | omeprazole | ondansetron | loperamide
  mesalazine | ferrous sulfate | hydroxyurea | tamoxifen | letrozole | alendronate | ibuprofen
  paracetamol | morphine | buprenorphine | naloxone | sertraline | fluoxetine | lithium | quetiapine
  olanzapine | clozapine | diazepam | lorazepam | levetiracetam | valproate | lamotrigine
  sumatriptan | donepezil | levodopa | salbutamol | tiotropium | budesonide | montelukast
  epinephrine | oxytocin | magnesium sulfate | tamsulosin | finasteride | latanoprost | isotretinoin
  chlorhexidine | thiamine | vitamin D | potassium chloride | sodium bicarbonate | tranexamic acid
  zoledronic acid
`);

const ORGANS = list(`
  kidneys | liver | heart | lungs | brain | pancreas | thyroid | adrenal glands | spleen | colon
  stomach | gallbladder | bladder | prostate | uterus | ovaries | retina | inner ear | skin
  bone marrow | lymph nodes | spinal cord | peripheral nerves | joints | tendons | coronary arteries
  aorta | pleura | esophagus | small intestine | pituitary | placenta | cornea | vocal cords
`);

const SYMPTOMS = list(`
  chest pain | shortness of breath | palpitations | fainting | ankle swelling | persistent cough
  coughing blood | wheezing | fever | night sweats | weight loss | fatigue | headache | blurred vision
  dizziness | confusion | slurred speech | facial droop | numbness | tremor | seizures | back pain
  joint stiffness | rash | itching | jaundice | abdominal pain | vomiting | diarrhea | constipation
  blood in stool | painful urination | frequent urination | excessive thirst | hair loss | hoarseness
  difficulty swallowing | insomnia | low mood | hallucinations | memory lapses | easy bruising
  nosebleeds | heavy periods | pelvic pain | ear pain | sore throat | muscle cramps | leg ulcers
`);

const PATIENTS = list(`
  a pregnant woman in her third trimester | a teenage athlete | a retired farmer
  an elderly nursing home resident | a toddler | a newborn | a marathon runner | a night-shift worker
  a refugee with limited English | a kidney transplant recipient | a smoker of forty pack-years
  a breastfeeding mother | a college student | an obese adolescent | a frail widower | a truck driver
  a long-haul pilot | a professional singer | a patient on hemodialysis
  a person experiencing homelessness | a veteran with PTSD | a chef | a construction worker
  a schoolteacher | a competitive swimmer | an infant born preterm | a woman planning pregnancy
  a man recently released from prison | a traveller returning from Kenya
  a patient with learning disabilities | an overweight accountant | a vegan teenager | a ballet dancer
`);

const TESTS = list(`
  an echocardiogram | a chest radiograph | a lumbar puncture | an HbA1c test | a colonoscopy
  an upper endoscopy | spirometry | a CT pulmonary angiogram | an MRI of the spine
  a bone density scan | a thyroid function panel | a D-dimer assay | blood cultures
  a troponin measurement | a skin biopsy | a sleep study | a urine dipstick | an arterial blood gas
  an electroencephalogram | a Holter monitor | a renal ultrasound | a mammogram | a PSA test
  a Pap smear | a hip replacement | a cesarean section | knee arthroscopy | coronary angioplasty
  a tonsillectomy | cataract surgery | bariatric surgery
`);

const ASPECTS = list(`
  pathophysiology | first-line management | differential diagnosis | red flags | long-term prognosis
  risk factors | epidemiology | genetic basis | screening strategy | complications
  diagnostic criteria | nutritional advice | rehabilitation plan | infection control measures
  pain control | staging | follow-up schedule | psychosocial impact | mechanism of action
  adverse effects | contraindications | monitoring requirements | vaccination guidance
  lifestyle modification | emergency treatment | prevention | histology | imaging findings
  classic presentation | atypical presentation
`);

const AUDIENCES = list(`
  patients | caregivers | nursing students | junior doctors | pharmacists | schoolchildren
  community health workers | physiotherapists | hospital managers | paramedics | midwives
  primary care physicians | dietitians | older adults | parents of young children
`);

const SETTINGS = list(`
  a rural clinic | a busy emergency department | an intensive care unit | a telehealth consultation
  a school nurse office | a field hospital | a community pharmacy | a home visit
  an outpatient cardiology clinic | a maternity ward | a prison health service | a hospice
  a sports medicine clinic | a travel clinic
`);

const TOPICS = list(`
  Cardiology | Endocrinology | Neurology | Pulmonology | Nephrology | Gastroenterology | Hepatology
  Hematology | Oncology | Infectious Disease | Rheumatology | Dermatology | Psychiatry | Pediatrics
  Obstetrics | Gynecology | Urology | Ophthalmology | Otolaryngology | Orthopedics
  Emergency Medicine | Critical Care | Geriatrics | Pharmacology | Nutrition | Public Health
  Medical Ethics | Radiology | Pathology | Genetics | Immunology | Sports Medicine | Palliative Care
  Anesthesiology | Toxicology | Travel Medicine | Sleep Medicine | Addiction Medicine | Wound Care
  Diabetes Treatment
`);

const VIEWS = list(`
  Patient | patient | Medical Student | Medical student | Nurse | Physician | Pharmacist | Radiologist
  Caregiver | Resident physician | General practitioner | Paramedic | Dietitian
  Public health officer | Physical therapist | Midwife | Surgeon | Researcher
`);

// Spellings real models write instead of the canonical names (PIPELINE.md section 1 lists 28 in the seed file).
const TYPE_VARIANTS: Record<string, string[]> = {
  "Multiple-choice Q&A": ["Multiple choice", "Multiple-choice question"],
  Summarization: ["text summarization", "Summary"],
  Rewrite: ["Rewrites", "Rewriting"],
  Classification: ["Classification Task"],
  "Multiple-hop reasoning": ["Multi-hop reasoning"],
  "Single-hop reasoning": ["Single-Hop Reasoning"],
  "USMLE style Q&A": ["USMLE Style Q&A"],
  "Open Q&A": ["Open-ended Q&A"],
  "Text generation": ["Text Generation"],
  Chat: ["Conversation"],
};

// An instruction is a lead-in for its type, a noun phrase and two or more qualifiers. Lead-ins are short and
// many, noun phrases and qualifiers are mostly slots: two instructions share few words in order.
const LEAD_INS: Record<string, string[]> = {
  "Text generation": list(`
    Write a leaflet on | Draft advice about | Compose a case report on | Prepare talking points on
    Create counselling notes about | Produce a handout on | Author a blog post on | Generate a checklist for
  `),
  "Open Q&A": list(`
    Explain | Describe | Discuss | Outline | What is known about | How should clinicians approach
    Why do experts worry about | Tell me about | Which facts matter regarding
  `),
  Chat: list(`
    Reply to a worried message about | Respond kindly to questions on | Reassure someone asking about
    Chat with a relative about | Answer my question about | Talk me through
  `),
  Rewrite: list(`
    Rewrite the note below on | Paraphrase this text about | Simplify the passage on
    Rephrase this explanation of | Reword the summary about | Restate in lay terms
  `),
  Summarization: list(`
    Summarize the record below on | Condense this letter about | Give a synopsis of | Recap the consultation on
    Abstract the key points about | Shorten this discharge summary on
  `),
  Classification: list(`
    Classify | Categorize | Label | Triage | Assign a category to | Grade the severity of | Sort by urgency
  `),
  "USMLE style Q&A": list(`
    Answer this USMLE case on | Pick the likeliest diagnosis given | Select the next step for
    Name the mechanism underlying | Solve the board question about
  `),
  "Multiple-choice Q&A": list(`
    Choose the correct option about | Which option is true regarding | Select the false statement on
    Pick the best answer concerning | Which choice fits
  `),
  "Single-hop reasoning": list(`
    Using the value below, judge | Infer from the reading given | Determine from this result
    State which test confirms | Deduce from one finding
  `),
  "Multiple-hop reasoning": list(`
    Reason step by step about | Link the findings to | Connect risk factors with | Trace the causal chain behind
    Work backwards from
  `),
};

const NOUN_PHRASES = list(`
  the {aspect} of {condition} | {aspect} in {condition} | {drug} for {condition} | how {drug} acts on the {organ}
  {symptom} in {patient} | the role of {test} in {condition} | {condition} affecting the {organ}
  {drug} versus {drug2} | {symptom} after {test} | {condition} with coexisting {condition2}
  the {organ} in {condition} | {aspect} of {drug} | {patient} with {condition} | {test} suggesting {condition}
  new {symptom} on {drug} | {condition} complicated by {symptom} | {aspect2} for {condition}
  {symptom} and {symptom2} | {drug} toxicity | {organ} damage from {drug} | suspected {condition}
`);

const QUESTION_LEAD_IN = /^(What|How|Why|Which)\b/;

const QUALIFIERS = list(`
  in {patient} | for {patient} | taking {drug} | with prior {condition2} | focusing on the {organ}
  in {setting} | in {n} sentences | citing guidelines | considering {condition2} | after {test}
  before starting {drug2} | avoiding jargon | noting red flags | noting when to refer | listing {n} differentials
  during pregnancy | during Ramadan | amid a heat wave | within {n} hours | with {drug2} interactions
  emphasizing {aspect2} | for {audience} | adjusting for {organ} impairment | compared with {drug2}
  explaining your reasoning | with limited resources | under {n2} words | presenting with {symptom}
  after sudden {symptom2} | on a tight budget | aged {age} | following {test} | despite {drug2}
  alongside {symptom2} | over {n} weeks | at night | postoperatively | in winter | while traveling
  for {audience} in {setting}
`);

// --- Task generation ------------------------------------------------------------------------------------------

type GeneratedTask = {
  type: string;
  topic: string;
  view: string;
  difficulty: number;
  instruction: string;
  input: string;
};

type Slots = ReturnType<typeof slotsFor>;

function slotsFor(rng: Rng) {
  return {
    condition: () => rng.pick(CONDITIONS),
    condition2: () => rng.pick(CONDITIONS),
    drug: () => rng.pick(DRUGS),
    drug2: () => rng.pick(DRUGS),
    organ: () => rng.pick(ORGANS),
    symptom: () => rng.pick(SYMPTOMS),
    symptom2: () => rng.pick(SYMPTOMS),
    patient: () => rng.pick(PATIENTS),
    test: () => rng.pick(TESTS),
    aspect: () => rng.pick(ASPECTS),
    aspect2: () => rng.pick(ASPECTS),
    audience: () => rng.pick(AUDIENCES),
    setting: () => rng.pick(SETTINGS),
    n: () => String(rng.int(2, 9)),
    n2: () => String(rng.int(5, 30) * 10),
    age: () => String(rng.int(1, 89)), // not over 89: see vignette()
  };
}

function fill(template: string, slots: Slots): string {
  const byName: Record<string, (() => string) | undefined> = slots;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => byName[name]?.() ?? name);
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

function freshInstruction(rng: Rng, type: string): string {
  const slots = slotsFor(rng);
  const leadIn = rng.pick(LEAD_INS[type] ?? LEAD_INS["Open Q&A"] ?? []);
  let text = `${leadIn} ${fill(rng.pick(NOUN_PHRASES), slots)}`;
  const target = rng.int(8, 25);
  const used = new Set<string>();
  for (let tries = 0; (used.size === 0 || wordCount(text) < target) && tries < 12; tries++) {
    const qualifier = rng.pick(QUALIFIERS);
    if (used.has(qualifier)) continue;
    const next = `${text} ${fill(qualifier, slots)}`;
    if (wordCount(next) > 25) continue;
    used.add(qualifier);
    text = next;
  }
  return `${text}${QUESTION_LEAD_IN.test(leadIn) ? "?" : "."}`;
}

/** An earlier instruction, verbatim or with one word swapped, as models often repeat themselves. */
function duplicateInstruction(rng: Rng, history: string[]): string {
  const original = rng.pick(history);
  if (rng.chance(0.5)) return original;
  const words = original.split(" ");
  const i = rng.int(1, Math.max(1, words.length - 2));
  words[i] = rng.pick([
    "acute",
    "chronic",
    "severe",
    "mild",
    "recurrent",
    "suspected",
    "complicated",
    "early",
  ]);
  return words.join(" ");
}

function generateTask(rng: Rng, history: string[], duplicateRate: number): GeneratedTask {
  const canonical = rng.pick(CANONICAL_TASK_TYPES);
  const variants = TYPE_VARIANTS[canonical] ?? [];
  const type = variants.length > 0 && rng.chance(0.15) ? rng.pick(variants) : canonical;
  const instruction =
    history.length > 0 && rng.chance(duplicateRate)
      ? duplicateInstruction(rng, history)
      : freshInstruction(rng, canonical);
  history.push(instruction);
  if (history.length > HISTORY) history.shift();
  return {
    type,
    topic: rng.pick(TOPICS),
    view: rng.pick(VIEWS),
    difficulty: rng.int(1, 5),
    instruction,
    input: generateInput(rng, canonical),
  };
}

function generateInput(rng: Rng, type: string): string {
  const needsInput = ["USMLE style Q&A", "Multiple-choice Q&A", "Rewrite", "Summarization", "Classification"];
  if (!needsInput.includes(type) && rng.chance(0.45)) return "<noinput>";
  const slots = slotsFor(rng);
  if (type === "USMLE style Q&A" || type === "Multiple-choice Q&A")
    return questionWithOptions(rng, slots, type);
  if (type === "Chat") {
    return `I am ${rng.int(18, 85)} and was told I have ${slots.condition()}. Since starting ${slots.drug()} I get ${slots.symptom()}. Should I stop it?`;
  }
  if (type === "Classification") {
    return Array.from({ length: rng.int(3, 6) }, () => rng.pick([...SYMPTOMS, ...DRUGS])).join(", ");
  }
  return vignette(rng, slots);
}

function vignette(rng: Rng, slots: Slots): string {
  // Ages stop at 89: an age over 89 is an identifier the PHI gate stops (tests/integration/phi-gate.test.ts
  // injects one on purpose), and the other tests are about everything else.
  const age = rng.int(1, 89);
  const person = rng.pick(age < 16 ? ["boy", "girl", "child"] : ["man", "woman", "patient"]);
  const article = age === 8 || age === 11 || age === 18 || (age >= 80 && age < 90) ? "An" : "A";
  const parts = [
    `${article} ${age}-year-old ${person} with ${slots.condition()} presents with ${slots.symptom()} and ${slots.symptom2()} for ${rng.int(2, 21)} ${rng.pick(["days", "weeks", "hours"])}.`,
  ];
  if (rng.chance(0.6)) {
    parts.push(
      `Blood pressure is ${rng.int(85, 190)}/${rng.int(45, 115)} mmHg, heart rate ${rng.int(48, 140)}/min, temperature ${(rng.int(355, 403) / 10).toFixed(1)} °C.`,
    );
  }
  if (rng.chance(0.35)) {
    // Decimals like "11.2" catch a stop sequence written as "11." (a bug of the original pipeline).
    parts.push(
      `Laboratory studies show a potassium of ${(rng.int(25, 112) / 10).toFixed(1)} mmol/L and a hemoglobin of ${(rng.int(60, 175) / 10).toFixed(1)} g/dL.`,
    );
  }
  if (rng.chance(0.5)) parts.push(`Current medications include ${slots.drug()} and ${slots.drug2()}.`);
  return parts.join(" ");
}

function questionWithOptions(rng: Rng, slots: Slots, type: string): string {
  const stem =
    type === "USMLE style Q&A"
      ? `${vignette(rng, slots)} ${rng.pick(["Which of the following is the most likely diagnosis?", "What is the most appropriate next step in management?", "Which mechanism best explains these findings?"])}`
      : `Which of the following is true about ${slots.condition()}?`;
  const letters = ["A", "B", "C", "D", "E"].slice(0, rng.int(4, 5));
  const options = letters.map((letter) => `${letter}. ${rng.pick([...CONDITIONS, ...DRUGS, ...TESTS])}`);
  // Options sometimes one per line, sometimes inline: models do both.
  return `${stem}${rng.chance(0.5) ? "\n" : " "}${options.join(rng.chance(0.5) ? "\n" : " ")}`;
}

function renderTask(task: GeneratedTask, n: number, opensBlock: boolean): string {
  const lines = [
    `Topic: ${task.topic}`,
    `View: ${task.view}`,
    `Difficulty: ${task.difficulty}`,
    `Instruction: ${task.instruction}`,
    `Input: ${task.input}`,
  ];
  return opensBlock
    ? [` ${task.type}`, ...lines].join("\n")
    : [`###`, `${n}. Type: ${task.type}`, ...lines].join("\n");
}

function generateTasks(
  rng: Rng,
  plan: TaskPlan,
  history: string[],
  duplicateRate: number,
  rewrite: (task: { instruction: string; input: string }) => { instruction: string; input: string },
): string {
  const blocks: string[] = [];
  for (let n = plan.first; n <= plan.last; n++) {
    const made = generateTask(rng, history, duplicateRate);
    const task = { ...made, ...rewrite({ instruction: made.instruction, input: made.input }) };
    let block = renderTask(task, n, n === plan.first && plan.continuesOpenBlock);
    // Now and then a model forgets the "###" line (9 of AlpaCare's 12 sample records show it); never on the
    // block the stop sequence is waiting for, or the answer would run on.
    if (n > plan.first && n < plan.last && rng.chance(0.03)) block = block.replace(/^###\n/, "");
    blocks.push(block);
  }
  return blocks.join("\n");
}

function cutMidInstruction(rng: Rng, text: string): string {
  const at = text.lastIndexOf("Instruction: ");
  if (at < 0) return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  const start = at + "Instruction: ".length;
  const lineEnd = text.indexOf("\n", start);
  const instruction = text.slice(start, lineEnd < 0 ? undefined : lineEnd);
  const words = instruction.split(" ");
  return (
    text.slice(0, start) + words.slice(0, Math.max(1, rng.int(1, Math.ceil(words.length / 2)))).join(" ")
  );
}

function proseWithoutBlocks(rng: Rng): string {
  return (
    `I'm sorry, but I can't produce the tasks in that format. In general, questions about ${rng.pick(CONDITIONS)} ` +
    `or about ${rng.pick(DRUGS)} for ${rng.pick(PATIENTS)} make good teaching material, and a clinician should ` +
    "review anything written for patients."
  );
}

// --- Responses ------------------------------------------------------------------------------------------------

const ANSWER_SENTENCES = [
  "The key concern here is {condition}, which typically involves the {organ}.",
  "A reasonable first step is {test}, interpreted alongside the clinical picture.",
  "{drug} is often appropriate, but check for interactions with {drug2} and adjust for {organ} function.",
  "Warning signs such as {symptom} or {symptom} warrant urgent review.",
  "For {patient}, shared decision-making and clear follow-up matter as much as the prescription.",
  "The {aspect} should be reviewed at each visit and documented.",
  "Differential diagnoses include {condition} and {condition2}.",
  "Education for {audience} should cover {aspect} and when to seek help.",
];

function generateAnswer(rng: Rng, question: string): string {
  const slots = slotsFor(rng);
  const sentences = Array.from({ length: rng.int(2, 4) }, () => fill(rng.pick(ANSWER_SENTENCES), slots));
  const letters = [
    ...new Set([...question.matchAll(/(?:^|\s)\(?([A-E])[.)]\s/g)].map((m) => m[1] as string)),
  ];
  if (letters.length >= 2) sentences.push(`The answer is (${rng.pick(letters)}).`);
  return sentences.join(" ");
}
