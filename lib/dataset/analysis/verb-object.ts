import model from "wink-eng-lite-web-model";
import winkNLP, { type ItemSentence, type ItsFunction, type WinkMethods } from "wink-nlp";
import type { Count, VerbObjectSummary } from "@/lib/dataset/types";

// Self-Instruct's diversity figure takes each instruction's root verb and that verb's direct-object noun
// from a constituency parse. wink has no parser, only universal POS tags and lemmas, so the clause
// structure is recovered with a few rules over the tags; tests/fixtures/dataset/verb-object.json holds the
// cases they were checked against (and the few they miss).

export type VerbObject = { verb: string | null; object: string | null };

let instance: WinkMethods | null = null;
/** Loaded on first use (the model takes a moment to build); NER, negation and sentiment are not needed. */
function nlp(): WinkMethods {
  instance ??= winkNLP(model, ["sbd", "pos"]);
  return instance;
}

// Only the first sentence is analysed, and the tagger's cost grows with the text: handing it the first line,
// cut to about 60 words, keeps a long instruction (or a pasted case) from costing more than a short one.
const MAX_CHARS = 400;

/**
 * Instruction verbs the tagger often reads as a noun, proper noun or adjective when they open a sentence
 * ("List/PROPN the causes", "Select/ADJ the best answer"): of some 150 instruction verbs tagged at the
 * start of a sentence, these are the ones it got wrong. Only the first token of the main clause is
 * corrected this way; the verbs it tags right (explain, describe, summarize, ...) need no entry.
 */
const MISTAGGED_IMPERATIVES = new Set(
  (
    "answer chart check complete contrast correct count counsel critique design detail document draft " +
    "estimate flag group label list mark name note offer order outline output paraphrase plan point " +
    "present pretend record reply report review screen select show sort state sum triage use"
  ).split(" "),
);

/** Openers of a leading adverbial or prepositional clause ("Given the results below, identify ..."). */
const OPENERS = new Set(["given", "using", "after", "if", "when", "for", "in", "as", "with"]);
const TWO_WORD_OPENERS = new Set(["based on", "according to"]);
const WH_WORDS = new Set(["what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether"]);
const POLITE_AUX = new Set(["can", "could", "would", "will"]);
const POSSESSIVES = new Set(["my", "your", "his", "her", "its", "our", "their"]);
/** Pronouns that sit between a verb and its direct object as the indirect object ("Give me a list"). */
const INDIRECT_OBJECTS = new Set(["me", "us", "him", "her", "them"]);
/** Particles of phrasal verbs whose object follows them ("Write down the steps", "Sum up the findings"). */
const PARTICLES = new Set(["up", "down", "out", "off"]);
const NOUNS = new Set(["NOUN", "PROPN"]);
/** What may follow a determiner used as a pronoun ("this for", "each of", "that the"), or nothing. */
const PRONOUN_USE = new Set(["", "PUNCT", "ADP", "SCONJ", "CCONJ", "AUX", "PART", "DET", "PRON"]);
const PREDETERMINERS = new Set(["all", "both", "half"]);

type Clause = {
  n: number;
  pos: string[];
  /** lower-cased surface forms */
  norm: string[];
  sentence: ItemSentence;
  spaces: string[] | null;
};

function firstSentence(text: string): Clause | null {
  let cut = text.trimStart();
  const newline = cut.indexOf("\n");
  if (newline >= 0) cut = cut.slice(0, newline);
  if (cut.length > MAX_CHARS) {
    const space = cut.lastIndexOf(" ", MAX_CHARS);
    cut = cut.slice(0, space > 0 ? space : MAX_CHARS);
  }
  if (!cut.trim()) return null;
  const { its } = nlp();
  const sentences = nlp().readDoc(cut).sentences();
  if (sentences.length() === 0) return null;
  const sentence = sentences.itemAt(0);
  const tokens = sentence.tokens();
  const pos = tokens.out(its.pos) as string[];
  const norm = tokens.out(its.normal) as string[];
  return { n: pos.length, pos, norm, sentence, spaces: null };
}

// wink's typings declare its.lemma with the model's addons as third parameter, where out() passes the
// token cache; at run time out() calls it correctly, so only the declared type is cast.
const lemmaOf = () => nlp().its.lemma as unknown as ItsFunction<string>;

function lemmaAt(c: Clause, i: number): string {
  return (c.sentence.tokens().itemAt(i).out(lemmaOf()) as string).toLowerCase();
}

/** A hyphen written without spaces ("community-acquired"): it joins its neighbours into one word. */
function joiningHyphen(c: Clause, i: number): boolean {
  if (c.norm[i] !== "-" || i === 0 || i + 1 >= c.n) return false;
  if (c.spaces === null) {
    const { its } = nlp();
    c.spaces = c.sentence.tokens().out(its.precedingSpaces) as string[];
  }
  return c.spaces[i] === "" && c.spaces[i + 1] === "";
}

const isWh = (c: Clause, i: number) => WH_WORDS.has(c.norm[i] ?? "");
const isParticiple = (w: string) => /(ing|ed|en)$/.test(w);

/** "Can you", "Could you please", "Please", "Kindly", "Briefly", "First," ... before the main clause. */
function skipCourtesy(c: Clause, start: number): number {
  let i = start;
  for (;;) {
    const w = c.norm[i] ?? "";
    const p = c.pos[i] ?? "";
    if (w === "please" || w === "kindly") i++;
    // "Do not prescribe ...", "Don't ...": a negative imperative, not a question.
    else if (w === "do" && (c.norm[i + 1] === "not" || c.norm[i + 1] === "n't")) i += 2;
    else if (POLITE_AUX.has(w) && p === "AUX" && c.norm[i + 1] === "you") i += 2;
    // A non-wh adverb opening the clause ("Briefly explain", "Now, list") modifies the verb after it.
    else if (p === "ADV" && !isWh(c, i) && i + 1 < c.n) i += c.norm[i + 1] === "," ? 2 : 1;
    // "First, ...", "Okay, ...", "Doctor, ...": a lone word set off by a comma before a clause.
    else if (p !== "VERB" && p !== "AUX" && c.norm[i + 1] === "," && clauseStart(c, i + 2)) i += 2;
    else return i;
  }
}

/** Could the main clause start here: a verb, a mis-tagged imperative, a question word or auxiliary? */
function clauseStart(c: Clause, i: number): boolean {
  const p = c.pos[i];
  const w = c.norm[i] ?? "";
  return p === "VERB" || p === "AUX" || isWh(c, i) || MISTAGGED_IMPERATIVES.has(w) || w === "please";
}

/**
 * Past a leading adverbial clause ("Given the lab results below, ..."), to the main clause. Its end is the
 * first comma followed by something that can start a clause (a comma inside the adverbial, as in "Given a
 * patient with fever, cough and rash, list ...", is followed by a noun), else the first comma. Without a
 * comma, the clause is taken to start at the first verb or question word right after a noun ("Using
 * simple language explain ..."); failing that nothing is skipped.
 */
function skipOpener(c: Clause, start: number): number {
  const w = c.norm[start] ?? "";
  let body = start + 1;
  if (TWO_WORD_OPENERS.has(`${w} ${c.norm[start + 1] ?? ""}`)) body = start + 2;
  else if (!OPENERS.has(w)) return start;
  // "When should aspirin be stopped?" is a question, not an adverbial clause.
  if (w === "when" && c.pos[start + 1] === "AUX") return start;
  let firstComma = -1;
  for (let i = body; i < c.n; i++) {
    if (c.norm[i] !== ",") continue;
    if (firstComma < 0) firstComma = i;
    if (i + 1 < c.n && clauseStart(c, i + 1)) return i + 1;
  }
  if (firstComma >= 0) return firstComma + 1;
  for (let i = body + 1; i < c.n; i++) {
    if (NOUNS.has(c.pos[i - 1] ?? "") && clauseStart(c, i) && c.pos[i] !== "AUX") return i;
  }
  return start;
}

/** Tokens of a noun phrase before or inside its head: determiners, modifiers, nouns, possessives. */
function inNounPhrase(c: Clause, i: number): boolean {
  const p = c.pos[i] ?? "";
  if (isWh(c, i)) return false;
  return (
    p === "DET" ||
    p === "ADJ" ||
    p === "NUM" ||
    p === "NOUN" ||
    p === "PROPN" ||
    p === "PRON" ||
    (p === "ADV" && c.pos[i + 1] === "ADJ") ||
    (p === "PART" && c.norm[i] === "'s") ||
    joiningHyphen(c, i)
  );
}

type Found = { verb: number; bare: boolean } | null;

/**
 * A wh-question in which the tagger found no verb or auxiliary at all: a question needs one, so it is the
 * nominal word that takes a determiner after it ("What factors increase/NOUN the risk ..."), else a
 * third-person form right after "what"/"who" ("What causes/NOUN hypokalaemia?").
 */
function untaggedVerb(c: Clause, wh: number): Found {
  for (let k = wh + 1; k + 1 < c.n; k++) {
    const p = c.pos[k] ?? "";
    const next = c.norm[k + 1] ?? "";
    if ((NOUNS.has(p) || p === "ADJ") && (c.pos[k + 1] === "DET" || POSSESSIVES.has(next))) {
      return { verb: k, bare: false };
    }
  }
  const w = c.norm[wh];
  if ((w === "what" || w === "who") && NOUNS.has(c.pos[wh + 1] ?? "") && /s$/.test(c.norm[wh + 1] ?? "")) {
    return { verb: wh + 1, bare: false };
  }
  return null;
}

/**
 * The main verb of a question. After the inverted auxiliary comes the subject, then the verb:
 *  - do-support and modals take a bare verb after a subject that may carry a prepositional phrase or be
 *    a gerund ("How does smoking during pregnancy affect ...");
 *  - "be" and "have" take a participle right after the subject ("Is metformin contraindicated ...");
 *    anything else makes "be" the copula ("What is the dose of X?") and there is no main verb.
 */
function questionVerb(c: Clause, start: number): Found {
  let i = start;
  if (isWh(c, i)) {
    if (!c.pos.some((p, k) => k > i && (p === "VERB" || p === "AUX"))) return untaggedVerb(c, i);
    i++;
    // The rest of the wh-phrase: "how often", "how many units of alcohol", "which of the following".
    const inPhrase = (k: number) =>
      (inNounPhrase(c, k) && c.pos[k] !== "PRON") || (c.pos[k] === "ADV" && !isWh(c, k));
    while (i < c.n && inPhrase(i)) i++;
    while (c.pos[i] === "ADP" && inPhrase(i + 1)) for (i++; i < c.n && inPhrase(i); i++);
    if (c.pos[i] === "VERB") return { verb: i, bare: false };
  }
  if (c.pos[i] !== "AUX") return null;
  const kind = (k: number) => {
    const w = c.norm[k] ?? "";
    if (/^(do|does|did)$/.test(w)) return "do";
    if (/^(be|is|are|am|was|were|been|being|'s|'re|'m)$/.test(w)) return "be";
    if (/^(have|has|had|'ve)$/.test(w)) return "have";
    return "modal";
  };
  let mode = kind(i);
  let lastAux = i;
  // The subject's current run of nominal words, and its last noun.
  let run = 0;
  let lastNoun = -1;
  for (let k = i + 1; k < c.n; k++) {
    const p = c.pos[k] ?? "";
    const w = c.norm[k] ?? "";
    if (p === "AUX") {
      mode = kind(k);
      lastAux = k;
      run = 0;
      continue;
    }
    const bareVerb = mode === "do" || mode === "modal";
    if (p === "VERB") {
      const prev = c.pos[k - 1] ?? "";
      const next = c.pos[k + 1] ?? "";
      // A bare verb cannot end in -ing: after do or a modal that is a gerund subject ("does smoking").
      if (bareVerb && /ing$/.test(w) && k === lastAux + 1) continue;
      // "How should a suspected/VERB anaphylactic reaction be managed?": a participle inside the subject.
      if ((prev === "DET" || prev === "ADJ") && (next === "ADJ" || NOUNS.has(next)) && isParticiple(w))
        continue;
      // After "be"/"have" only a participle can be the verb; a plain form is a mis-tagged subject word
      // ("How is type/VERB 1 diabetes diagnosed?").
      if (!bareVerb && !/(ed|en|ing)$/.test(w) && lemmaAt(c, k) === w) continue;
      return { verb: k, bare: false };
    }
    // "How does metformin lower/ADJ blood glucose?": an adjective cannot follow the subject's head noun,
    // so after do-support it is the bare verb, mis-tagged.
    if (mode === "do" && p === "ADJ" && lastNoun === k - 1) return { verb: k, bare: true };
    // "Does a normal D-dimer rule/NOUN out ...": a particle after the subject marks its last "noun" as the
    // (phrasal) verb.
    if (bareVerb && PARTICLES.has(w) && lastNoun === k - 1 && run >= 2) return { verb: k - 1, bare: true };
    if (inNounPhrase(c, k)) {
      if (NOUNS.has(p) || p === "PRON") run++;
      if (NOUNS.has(p)) lastNoun = k;
      continue;
    }
    if (bareVerb && p === "ADP") {
      run = 0;
      continue;
    }
    // "Have you ever prescribed ...", "Is it usually given ..."
    if (p === "ADV" && !isWh(c, k)) continue;
    break;
  }
  // "What should I do if ...": a final "do" or "have" with no verb after it is the main verb itself.
  if (lastAux > i && (kind(lastAux) === "do" || kind(lastAux) === "have"))
    return { verb: lastAux, bare: true };
  // "How do beta-blockers work/NOUN?": after do-support the subject's last "noun" must be the verb.
  if (kind(i) === "do" && run >= 2 && lastNoun >= 0) return { verb: lastNoun, bare: true };
  return null;
}

function findVerb(c: Clause): Found {
  let start = skipCourtesy(c, 0);
  const afterOpener = skipOpener(c, start);
  if (afterOpener !== start) start = skipCourtesy(c, afterOpener);
  if (start >= c.n) return null;
  const p = c.pos[start];
  const w = c.norm[start] ?? "";
  if (p === "VERB") return { verb: start, bare: false };
  // Not before a colon or "of": "Note: ...", "List of drugs:" are headings, not imperatives.
  const next = c.norm[start + 1] ?? "";
  if (MISTAGGED_IMPERATIVES.has(w) && p !== "AUX" && c.pos[start + 1] !== "PUNCT" && next !== "of") {
    return { verb: start, bare: true };
  }
  if (isWh(c, start) || p === "AUX") return questionVerb(c, start);
  // A statement ("A 45-year-old man presents with ..."): its first verb.
  for (let k = start + 1; k < c.n; k++) if (c.pos[k] === "VERB") return { verb: k, bare: false };
  return null;
}

/** The last token of the hyphenated word starting at `i` ("beta-blockers", "45-year-old"), or `i`. */
function wordEnd(c: Clause, i: number): number {
  let e = i;
  while (joiningHyphen(c, e + 1)) e += 2;
  return e;
}

/** Tokens [start, end] of a word: one token, or a hyphenated word read as one. */
type Span = { start: number; end: number };

/** The head of the noun phrase right after the verb, if the verb's object is one. */
function findObject(c: Clause, verb: number): Span | null {
  let k = verb + 1;
  // Coordinated verbs share the object: "Compare and contrast X", "List and explain X".
  while ((c.norm[k] === "and" || c.norm[k] === "or") && k + 1 < c.n) {
    if (c.pos[k + 1] !== "VERB" && !MISTAGGED_IMPERATIVES.has(c.norm[k + 1] ?? "")) break;
    k += 2;
  }
  if (PARTICLES.has(c.norm[k] ?? "") && c.pos[k + 1] !== "PUNCT" && k + 1 < c.n) k++;
  let head: Span | null = null;
  let modified = false;
  /** a determiner or possessive opened the phrase */
  let determined = false;
  let lastAdj = -1;
  for (; k < c.n; k++) {
    const p = c.pos[k] ?? "";
    const w = c.norm[k] ?? "";
    if (isWh(c, k)) break;
    const end = wordEnd(c, k);
    if (end > k) {
      // A hyphenated word is a modifier when a noun or adjective follows it ("evidence-based management",
      // "a 45-year-old man"), else the head itself ("beta-blockers", "follow-up").
      const after = c.pos[end + 1] ?? "";
      if (NOUNS.has(after) || after === "ADJ") {
        head = null;
        modified = true;
      } else head = { start: k, end };
      k = end;
      continue;
    }
    const nextPos = c.pos[k + 1] ?? "";
    // "the following" modifies what comes after it, or is itself the object ("Summarize the following.").
    if (w === "following" && nextPos !== "PUNCT" && nextPos !== "") {
      modified = true;
      continue;
    }
    if (NOUNS.has(p) || w === "following") {
      head = { start: k, end: k };
      continue;
    }
    if (head) {
      // "the patient's history": the possessor is a determiner, the head comes after it.
      if (p === "PART" && w === "'s") {
        head = null;
        continue;
      }
      // "type 2 diabetes"
      if (p === "NUM" && NOUNS.has(nextPos)) continue;
      break;
    }
    if (p === "DET") {
      // A determiner standing alone ("Summarize this.", "List all of them") is a pronoun, not a noun.
      if (PRONOUN_USE.has(nextPos) && !(nextPos === "DET" && PREDETERMINERS.has(w))) break;
      modified = true;
      determined = true;
    } else if (p === "ADJ") {
      modified = true;
      lastAdj = k;
    } else if (p === "NUM" || (p === "ADV" && (nextPos === "ADJ" || nextPos === "ADV"))) {
      modified = true;
    } else if (p === "PRON" && (POSSESSIVES.has(w) || (INDIRECT_OBJECTS.has(w) && !modified))) {
      modified = POSSESSIVES.has(w);
      determined = modified;
    } else if (p === "PRON" && (w === "this" || w === "these") && NOUNS.has(nextPos)) {
      modified = true;
      determined = true;
    } else if (p === "VERB" && modified && isParticiple(w) && (NOUNS.has(nextPos) || nextPos === "ADJ")) {
      // "the presenting symptoms", "the recommended doses": a participle inside the noun phrase.
    } else {
      break;
    }
  }
  // "Recommend a suitable analgesic/ADJ for ...": a determined phrase ending in an adjective has it as its
  // head (an adjective used as a noun, or a noun the tagger took for one).
  if (!head && determined && lastAdj === k - 1) head = { start: lastAdj, end: lastAdj };
  return head;
}

function nounLemma(c: Clause, i: number): string {
  const value = c.sentence.tokens().itemAt(i).out(nlp().its.value) as string;
  // The lemmatizer leaves acronym plurals alone ("NSAIDs", "ECGs"); their plural is always a final "s".
  if (/^[A-Z][A-Z0-9]+s$/.test(value)) return value.slice(0, -1).toLowerCase();
  return c.pos[i] === "NOUN" ? lemmaAt(c, i) : (c.norm[i] ?? "").toLowerCase();
}

/** The object as one word: a hyphenated one keeps its parts, its last part in the singular ("beta-blocker"). */
function objectWord(c: Clause, { start, end }: Span): string {
  const parts: string[] = [];
  for (let i = start; i < end; i += 2) parts.push((c.norm[i] ?? "").toLowerCase());
  parts.push(nounLemma(c, end));
  return parts.join("-");
}

/** The instruction's root verb and its direct-object noun, as lower-cased lemmas (null when there is none). */
export function rootVerbObject(instruction: string): VerbObject {
  const c = firstSentence(instruction);
  if (!c) return { verb: null, object: null };
  const found = findVerb(c);
  if (!found) return { verb: null, object: null };
  // A corrected tag gives no lemma worth having ("List/PROPN" -> "List"), but an imperative or a verb
  // after do-support is the bare form already.
  const verb = found.bare ? (c.norm[found.verb] ?? "").toLowerCase() : lemmaAt(c, found.verb);
  const head = findObject(c, found.verb);
  return { verb, object: head ? objectWord(c, head) : null };
}

/** Most common first, ties in label order (so that summaries are deterministic). */
export const byCount = (a: Count, b: Count) =>
  b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** Counts of root verbs and their objects over the instructions: the `topVerbs` verbs, `topObjects` each. */
export function verbObjectSummary(
  instructions: Iterable<string>,
  topVerbs = 20,
  topObjects = 4,
): VerbObjectSummary {
  const verbs = new Map<string, { count: number; objects: Map<string, number> }>();
  let n = 0;
  let noVerb = 0;
  let noObject = 0;
  for (const instruction of instructions) {
    n++;
    const { verb, object } = rootVerbObject(instruction);
    if (verb === null) {
      noVerb++;
      continue;
    }
    let entry = verbs.get(verb);
    if (!entry) {
      entry = { count: 0, objects: new Map() };
      verbs.set(verb, entry);
    }
    entry.count++;
    if (object === null) noObject++;
    else entry.objects.set(object, (entry.objects.get(object) ?? 0) + 1);
  }
  const top = [...verbs]
    .map(([label, e]) => ({ label, count: e.count, objects: e.objects }))
    .sort(byCount)
    .slice(0, topVerbs)
    .map(({ label, count, objects }) => ({
      verb: label,
      count,
      objects: [...objects]
        .map(([o, k]) => ({ label: o, count: k }))
        .sort(byCount)
        .slice(0, topObjects),
    }));
  return { n, noVerbShare: n ? noVerb / n : 0, noObjectShare: n ? noObject / n : 0, top };
}
