import nlp from "compromise";
import { EPONYM_PHRASES, EPONYMS, NAME_LIKE_WORDS, SPECIES } from "../data/eponyms";
import { RANK, type Span } from "./span";

// People's names. Capitalised runs of words are candidates; each is decided by, in order:
//  1. what it is not: an organisation ("Mayo Clinic"), an eponym (a listed one, or any run before
//     "disease", "sign", "score", ... : "Stevens-Johnson syndrome", "Glasgow Coma Scale", "Parkinson's"),
//  2. strong context: a title (Mr., Dr.), a cue before it ("patient", "daughter", "signed by", "Dear"),
//     credentials after it ("Jane Doe, MD"),
//  3. compromise's lexicon: a known first name before another capitalised word, a known surname,
//  4. for what is still open (a lone known name, two unknown capitalised words), compromise's people
//     tagger on a window around it: it costs about 1 ms per call, so it runs only there.
// After "Name:" or "Patient name:" the words are a name in any case ("name: john smith").

type Lexicon = Record<string, string | string[] | undefined>;
const LEXICON = (nlp.model() as { one: { lexicon: Lexicon } }).one.lexicon;
const tagsOf = (w: string): string[] => {
  const t = LEXICON[w];
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
};
const isFirstName = (w: string) =>
  tagsOf(w).some((t) => t === "MaleName" || t === "FemaleName" || t === "FirstName");
const isLastName = (w: string) => tagsOf(w).some((t) => t === "LastName" || t === "Person");
/** In compromise's lexicon as some other kind of word (a verb, a month, a city...). */
const isOtherWord = (w: string) =>
  tagsOf(w).length > 0 && !isFirstName(w) && !isLastName(w) && !tagsOf(w).includes("Honorific");

const HONORIFICS = new Set(
  "mr mrs ms miss mx dr prof professor doctor sr sra mme mlle rev sir dame lady lord".split(" "),
);
// Case matters: "240 ms. Urine output" has no title in it.
const TITLE_BEFORE = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|DR|Prof|Professor|Doctor|Sir|Dame)\.?\s*$/;
const PARTICLES = new Set(
  "van von der den de del della da di du la le bin ibn ben dos das ter ten al el".split(" "),
);
// Words that start a capitalised run without being part of a name.
const LEADING = new Set(
  (
    "the a an this that these those our my your his her their patient patients pt client resident " +
    "attending physician doctor nurse practitioner surgeon consultant fellow intern registrar provider " +
    "pharmacist therapist dietitian midwife chief head senior junior associate assistant director " +
    "mother father mom dad husband wife son daughter brother sister grandmother grandfather aunt uncle " +
    "spouse partner caregiver guardian contact emergency next kin dear hi hello thanks thank regards " +
    "sincerely signed dictated reviewed referred seen name patient's and or but if when while after " +
    "before during since per via with without for from to at by on in of as is was"
  ).split(" "),
);
// A run holding one of these is an organisation or a place, not a person.
const ORG_WORDS = new Set(
  (
    "hospital hospitals clinic clinics center centre centers university college school institute " +
    "institutes foundation pharmacy pharmacies health healthcare medical medicine memorial laboratories " +
    "laboratory labs inc corp corporation company co llc ltd society association academy board " +
    "department ministry trust group unit ward wing campus county state city street avenue road " +
    "boulevard lane drive court highway park river lake mount mountain island valley bay beach " +
    "church cathedral insurance services service network system systems program programme journal " +
    "guidelines guideline committee council agency administration organization organisation force " +
    "army navy forces bank hall house home homes village town region national international american " +
    "british canadian european world global federal general regional community children's childrens " +
    "manager managers team colleague colleagues madam customer customers editor reader readers friends " +
    "everyone staff officer representative coordinator specialist practitioner clinician user users"
  ).split(" "),
);
// A word after a capitalised run that makes it an eponym ("Bell's palsy", "Wells score").
const HEAD_NOUNS = new Set(
  (
    "disease diseases syndrome syndromes sign signs test tests maneuver maneuvers manoeuvre score scores " +
    "scale scales criteria criterion classification staging stage stages reflex reflexes procedure " +
    "operation fracture fractures palsy phenomenon triad law rule rules equation formula index lesion " +
    "lesions node nodes nodule nodules spot spots ring rings cell cells body bodies tumor tumors tumour " +
    "sarcoma lymphoma carcinoma anomaly malformation deformity contracture ulcer ulcers angina disorder " +
    "dementia chorea ataxia dystrophy position incision catheter catheters tube tubes block method " +
    "technique approach protocol repair shunt valve solution stain staining line lines point pouch area " +
    "canal duct ducts gland glands fiber fibers fibres space triangle ligament fascia membrane vein " +
    "artery nerve hernia diverticulum esophagus oesophagus pupil effect murmur sound pulse respiration " +
    "respirations breathing cyst cysts mask needle forceps blade bag traction splint cast hypothesis " +
    "curve cycle sequence reaction granules granulomas plexus patches corpuscles layer zone crypts " +
    "islets organ apparatus loop circle sinus foramen aqueduct fissure gyrus tract column nucleus " +
    "bundle tendon apple angle atrophy encephalopathy psychosis neuralgia neuropathy myopathy arthritis " +
    "thyroiditis gastritis colitis esophagitis keratitis retinopathy fever virus infection bacillus agar " +
    "medium diet regimen chart distribution coefficient ratio constant grade grading system questionnaire " +
    "inventory examination exam assessment tool algorithm model sphincter complex focus tubercle units " +
    "unit number hemorrhage haemorrhage cardiomyopathy anemia anaemia leukemia leukaemia thrombasthenia " +
    "thrombocytopenia aneurysm dysplasia paralysis tremor tics spectrum type variant variants kit"
  ).split(" "),
);
const CREDENTIAL_AFTER =
  /^,?\s*(?:MD|M\.D\.|DO|D\.O\.|RN|BSN|MSN|NP|FNP(?:-BC)?|APRN|DNP|PA-C|PA|PhD|Ph\.D\.|DDS|DMD|PharmD|RPh|MBBS|MBChB|FACS|FACP|FRCP|FRCS|MPH|LPN|LVN|CNA|CNM|CRNA|LCSW|LMFT|PsyD|OD|DPM|DPT|OTR|RRT|CRNP|MSc)\b/;
// Context before a capitalised run that makes it a person.
const CUE_BEFORE =
  /(?:\b(?:patient|pt|client|resident|member|subscriber|guardian|parent|mother|father|mom|dad|husband|wife|spouse|partner|fianc[eé]e?|son|daughter|brother|sister|sibling|grandmother|grandfather|grandson|granddaughter|grandchild|aunt|uncle|niece|nephew|cousin|friend|neighbou?r|caregiver|carer|roommate|contact|kin|nok|physician|doctor|provider|attending|surgeon|nurse|pcp|therapist|pharmacist|midwife|dentist|consultant|referred\s+by|seen\s+by|examined\s+by|evaluated\s+by|treated\s+by|signed(?:\s+by)?|dictated\s+by|transcribed\s+by|reviewed\s+by|authored\s+by|written\s+by|prepared\s+by|cosigned\s+by|cc|attn|attention|dear|named|sincerely|regards|spoke\s+(?:with|to)|discussed\s+with|called|visited\s+by|accompanied\s+by)\b|\bname)\s*(?:is|was|of)?\s*[:,\-–—]?\s*$/i;
// After a name field, any case: "Name: john smith", "Patient name: DOE, JANE".
const NAME_FIELD =
  /\b(?:(?:patient|pt|full|legal|preferred|maiden|first|last|given|family|sur|client|member|guardian|contact)\s*name|name|signed\s+by|signature)\s*(?:is|:|-|=)\s*(?<n>[\p{L}][\p{L}'’-]*\.?(?:,?[ \t]+[\p{L}][\p{L}'’-]*\.?){0,3})/giu;
// Case-sensitive (\p{Lu} under the i flag would match any letter): the cue in its usual spellings.
const CAPS_CUES =
  "patient pt client attending physician provider surgeon nurse contact guardian signed referring pcp"
    .split(" ")
    .map((w) => `${w[0]?.toUpperCase()}${w.slice(1)}|${w}|${w.toUpperCase()}`)
    .join("|");
const CAPS_AFTER_CUE = new RegExp(
  String.raw`\b(?:${CAPS_CUES})\s*:\s*(?<n>\p{Lu}{2,}(?:[-'’]\p{Lu}+)*\.?(?:,?[ \t]+\p{Lu}{1,}(?:[-'’]\p{Lu}+)*\.?){1,3})(?![\p{L}])`,
  "gu",
);
const OPTION_LETTER = /(?:^|\s)[A-E][.)]\s/g;
const NAME_FIELD_STOP = new Set(
  (
    "and or with the a an is was who presented presents age aged dob mrn male female man woman years year " +
    "old y o of to in on at for by he she they patient reports has had date sex m f unknown none not n/a na"
  ).split(" "),
);

type Word = {
  start: number;
  end: number;
  text: string;
  lower: string;
  cap: boolean;
  initial: boolean;
  sentenceStart: boolean;
};

const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const CAPITALISED =
  /^\p{Lu}[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:['’-]\p{Lu}[\p{Ll}\p{M}]+)*$|^\p{Lu}['’]\p{Lu}[\p{Ll}\p{M}]+$/u;

function tokenize(text: string): Word[] {
  const words: Word[] = [];
  let prevEnd = 0;
  let prev: Word | undefined;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    let raw = m[0];
    // "Smith's" is Smith.
    if (/['’]s$/.test(raw)) raw = raw.slice(0, -2);
    const start = m.index;
    const end = start + raw.length;
    const gap = text.slice(prevEnd, start);
    const initial = /^\p{Lu}$/u.test(raw) && text[end] === ".";
    const afterAbbrev =
      prev !== undefined && (prev.initial || (prev.cap && HONORIFICS.has(prev.lower))) && /^\.\s+$/.test(gap);
    const word: Word = {
      start,
      end,
      text: raw,
      lower: raw.toLowerCase(),
      cap: CAPITALISED.test(raw) || initial,
      initial,
      // After ". ", a line break, a bullet, or an option letter's ")" ("B) Myasthenia Gravis").
      sentenceStart: prev === undefined || (/[.!?;:\n•*"“()]|^\s*[-–]\s/.test(gap) && !afterAbbrev),
    };
    words.push(word);
    prev = word;
    prevEnd = m.index + m[0].length;
  }
  return words;
}

/** Runs of capitalised words separated by single spaces (or an initial's dot, or a particle: "van der"). */
function runsOf(text: string, words: Word[]): Word[][] {
  const runs: Word[][] = [];
  let run: Word[] = [];
  const flush = () => {
    // Particles must sit between two capitalised words.
    while (run.length && !run.at(-1)?.cap) run.pop();
    if (run.length) runs.push(run);
    run = [];
  };
  for (const w of words) {
    const last = run.at(-1);
    const gap = last ? text.slice(last.end, w.start) : "";
    const joined =
      last !== undefined &&
      (/^[ \t]$/.test(gap) || (/^\.[ \t]$/.test(gap) && (last.initial || HONORIFICS.has(last.lower))));
    if (w.cap && (joined || !last)) {
      if (!joined) flush();
      run.push(w);
    } else if (joined && PARTICLES.has(w.lower) && run.length) {
      run.push(w);
    } else {
      flush();
      if (w.cap) run.push(w);
    }
  }
  flush();
  return runs;
}

const phraseKey = (ws: Word[]) => ws.map((w) => w.lower.replace(/[-‐]/g, " ")).join(" ");

function isEponymRun(text: string, run: Word[]): boolean {
  const last = run.at(-1) as Word;
  const after = text.slice(last.end, last.end + 40);
  // Possessive or not, then a head noun: "Bell's palsy", "Wells score", "Gram-negative".
  const next = /^(?:['’]s|s['’])?\s+([\p{L}-]+)/u.exec(after)?.[1]?.toLowerCase();
  if (next && HEAD_NOUNS.has(next)) return true;
  if (/^-\p{Ll}/u.test(after)) return true;
  if (run.some((w) => HEAD_NOUNS.has(w.lower))) return true;
  const key = phraseKey(run);
  if (EPONYM_PHRASES.has(key)) return true;
  for (const phrase of EPONYM_PHRASES) if (key.includes(phrase) && phrase.includes(" ")) return true;
  // Hyphenated eponyms: every part is one ("Wolff-Parkinson-White").
  if (run.length === 1) {
    const parts = last.lower.split(/[-‐]/);
    if (parts.every((p) => EPONYMS.has(p))) return true;
  }
  return false;
}

export function findNames(text: string, out: Span[]): void {
  const add = (start: number, end: number) => out.push({ start, end, category: "NAME", rank: RANK.name });
  for (const m of text.matchAll(NAME_FIELD)) {
    const n = m.groups?.n;
    if (!n || m.index === undefined) continue;
    const start = m.index + m[0].length - n.length;
    const end = fieldNameEnd(n);
    if (end >= 2) add(start, start + end);
  }
  if (!/\p{Lu}/u.test(text)) return;
  // "PATIENT: JOHN SMITH": capitals after a cue, when one of the words is a known name.
  for (const m of text.matchAll(CAPS_AFTER_CUE)) {
    const n = m.groups?.n;
    if (!n || m.index === undefined) continue;
    const parts = n.split(/[\s,]+/).map((p) => p.replace(/\.$/, "").toLowerCase());
    if (parts.some((p) => isFirstName(p) || isLastName(p)) && !parts.some((p) => ORG_WORDS.has(p)))
      add(m.index + m[0].length - n.length, m.index + m[0].length);
  }

  const words = tokenize(text);
  const undecided: Word[][] = [];
  for (let run of runsOf(text, words)) {
    const before = text.slice(Math.max(0, (run[0] as Word).start - 40), (run[0] as Word).start);
    let titled = TITLE_BEFORE.test(before);
    // Leading words that are not the name: a title ("Mr"), a cue or role word ("Contact", "Patient"), a
    // sentence's first word that is some other word ("Ask Mr O'Neil"), in any order.
    const notName = (w: Word) => {
      if (w.initial) return false;
      if (w.cap && HONORIFICS.has(w.lower)) {
        titled = true;
        return true;
      }
      if (titled) return false;
      return LEADING.has(w.lower) || (w.sentenceStart && isOtherWord(w.lower) && !isFirstName(w.lower));
    };
    while (run.length && notName(run[0] as Word)) run = run.slice(1);
    while (run.length && !(run[0] as Word).cap) run = run.slice(1);
    if (!run.length) continue;
    const first = run[0] as Word;
    const last = run.at(-1) as Word;
    if (run.some((w) => ORG_WORDS.has(w.lower))) continue;
    // "St. Mary's Hospital", "Saint Luke's": a place or an institution named after a saint or a person.
    const nextWord = /^(?:['’]s)?\s+([\p{L}]+)/u
      .exec(text.slice((run.at(-1) as Word).end))?.[1]
      ?.toLowerCase();
    if ((nextWord && ORG_WORDS.has(nextWord)) || /\b(?:St|Saint|Ste)\.?\s+$/.test(before)) continue;
    const start = first.start;
    const end = last.end;
    const runBefore = text.slice(Math.max(0, start - 40), start);
    const cued = titled || CUE_BEFORE.test(runBefore) || CREDENTIAL_AFTER.test(text.slice(end, end + 12));
    if (isEponymRun(text, run) && !titled) continue;
    if (titled || CREDENTIAL_AFTER.test(text.slice(end, end + 12))) {
      add(start, end);
      continue;
    }
    if (cued) {
      // A cue word before capitalised words that are not names ("Patient Education Leaflets").
      const known = run.some((w) => isFirstName(w.lower) || isLastName(w.lower));
      const plainWords = run.every((w) => !isOtherWord(w.lower) && !EPONYMS.has(w.lower));
      if (known || plainWords) add(start, end);
      continue;
    }
    const names = run.filter((w) => !w.initial);
    if (names.length === 0) continue;
    // "J. Smith", "A. Van der Berg": an initial before a surname. Not a species ("E. Coli"), not an
    // abbreviation ("U.S. In", "38 °C. Take"), not an answer option ("A. Hypothyroidism B. Hyperthyroidism").
    if (
      first.initial &&
      names.length >= 1 &&
      !SPECIES.has((names[0] as Word).lower) &&
      /^[\s("'“]?$/.test(text.slice(start - 1, start))
    ) {
      const option = /^[A-E]$/.test(first.text) && (text.match(OPTION_LETTER)?.length ?? 0) >= 2;
      // Nor a sentence after a letter ("A. Since starting the drug..."): the word after the initial is a
      // common word that is not also a surname.
      const n0 = (names[0] as Word).lower;
      const sentence = names.length === 1 && isOtherWord(n0) && !isLastName(n0);
      if ((!option && !sentence) || isLastName(n0)) add(start, end);
      continue;
    }
    if (names.length === 1) {
      const w = names[0] as Word;
      if (EPONYMS.has(w.lower) || NAME_LIKE_WORDS.has(w.lower)) continue;
      if (isFirstName(w.lower) || isLastName(w.lower)) undecided.push(run);
      continue;
    }
    const f = names[0] as Word;
    const l = names.at(-1) as Word;
    const knownFirst = isFirstName(f.lower) && !EPONYMS.has(f.lower);
    const knownLast = isLastName(l.lower);
    const plain = (w: Word) => !isOtherWord(w.lower) || isLastName(w.lower);
    if ((knownFirst && plain(l)) || (knownLast && (isFirstName(f.lower) || !f.sentenceStart) && plain(f))) {
      add(start, end);
    } else if (names.some((w) => isFirstName(w.lower) || isLastName(w.lower))) {
      undecided.push(run);
    }
  }
  for (const run of undecided)
    if (taggedAsPerson(text, run)) add((run[0] as Word).start, (run.at(-1) as Word).end);
}

/**
 * How much of the text after a name field is the name: words up to a stop word ("presenting", "DOB"),
 * a full stop that ends a word (not an initial's), or a comma, except the one in "Last, First".
 */
function fieldNameEnd(n: string): number {
  let end = 0;
  let words = 0;
  let previous = "";
  for (const m of n.matchAll(/([,.]?)(\s*)([\p{L}][\p{L}'’-]*)/gu)) {
    const [, punct, , word] = m as unknown as [string, string, string, string];
    if (NAME_FIELD_STOP.has(word.toLowerCase())) break;
    if (punct === "." && previous.length > 1) break;
    if (punct === "," && words !== 1) break;
    words++;
    previous = word;
    end = (m.index ?? 0) + m[0].length;
  }
  // An initial keeps its dot ("Jane A.").
  return previous.length === 1 && n[end] === "." ? end + 1 : end;
}

/** compromise's people() over a few words either side of the run, within its sentence. */
function taggedAsPerson(text: string, run: Word[]): boolean {
  const start = (run[0] as Word).start;
  const end = (run.at(-1) as Word).end;
  let from = Math.max(0, start - 40);
  let to = Math.min(text.length, end + 40);
  const head = text.slice(from, start);
  const stop = Math.max(
    head.lastIndexOf(". "),
    head.lastIndexOf("\n"),
    head.lastIndexOf("? "),
    head.lastIndexOf("! "),
  );
  if (stop >= 0) from += stop + 2;
  else if (from > 0) from += Math.max(0, head.indexOf(" ") + 1);
  const tail = text.slice(end, to);
  const cut = tail.search(/[.!?](?:\s|$)|\n/);
  if (cut >= 0) to = end + cut + 1;
  else if (to < text.length) to = end + Math.max(0, tail.lastIndexOf(" "));
  const window = text.slice(from, to);
  const people = nlp(window).people().json({ offset: true }) as {
    offset: { start: number; length: number };
  }[];
  return people.some((p) => {
    const s = from + p.offset.start;
    return s < end && s + p.offset.length > start;
  });
}
