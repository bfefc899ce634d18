import { francAll } from "franc-min";

// "The response is in another language than the instruction." Two checks, cheapest first:
//   1. writing system: the script most of the letters are in (Latin, Cyrillic, Han/Kana, Arabic...); a
//      Latin instruction answered in Han is a mismatch at any length;
//   2. within one script, franc-min's trigram language identification, trusted only where it is reliable:
//      both texts at least MIN_LETTERS letters, and each text scoring the other's language low. Checked on
//      AlpaCare's seeds (instruction vs input, all English): short English instructions come out as French
//      or Uzbek with a small margin, drug lists as Romanian; these rules flag none of them, while a Spanish,
//      German, French, Portuguese, Italian or Dutch answer to an English question is flagged.
// A task that asks for a translation (or an answer in a named language) is never flagged.

/** Letters both texts need before franc's guess is compared: below it, trigram statistics are noise. */
export const MIN_LETTERS = 40;
/** franc scores the best language 1; a text "could be" another language it scores at or above this. */
const PLAUSIBLE = 0.8;
/** Letters a text needs before its writing system is compared. */
const MIN_SCRIPT_LETTERS = 10;

const SCRIPTS: [name: string, re: RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  // Japanese mixes Han with kana: one group, franc tells Chinese from Japanese.
  ["Han/Kana", /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Devanagari", /\p{Script=Devanagari}/u],
  ["Thai", /\p{Script=Thai}/u],
];

const ASKS_FOR_LANGUAGE =
  /\btranslat|\b(?:in|into)\s+(?:plain\s+)?(?:english|spanish|french|german|portuguese|italian|dutch|chinese|mandarin|cantonese|japanese|korean|russian|arabic|hindi|urdu|bengali|vietnamese|turkish|polish|greek|hebrew|persian|farsi|swahili|tagalog)\b/i;

export type LanguageGuess = {
  /** the writing system of most letters; null with too few letters */
  script: string | null;
  /** ISO 639-3 code from franc-min ("eng", "spa", "cmn"); null when the text is too short to tell */
  language: string | null;
  letters: number;
};

export function guessLanguage(text: string): LanguageGuess {
  const letters = [...text.matchAll(/\p{L}/gu)].map((m) => m[0]);
  const counts = new Map<string, number>();
  for (const ch of letters) {
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? "Other";
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  const script =
    letters.length >= MIN_SCRIPT_LETTERS ? ([...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null) : null;
  const top = letters.length >= MIN_LETTERS ? francAll(text)[0] : undefined;
  const language = top && top[0] !== "und" ? top[0] : null;
  return { script, language, letters: letters.length };
}

export type LanguageCheck = { instruction: LanguageGuess; response: LanguageGuess; mismatch: boolean };

/** `instruction` is the task's text (instruction and input together: more letters, a surer guess). */
export function languageMismatch(instruction: string, response: string): LanguageCheck {
  const a = guessLanguage(instruction);
  const b = guessLanguage(response);
  const result = { instruction: a, response: b, mismatch: false };
  if (ASKS_FOR_LANGUAGE.test(instruction)) return result;
  if (a.script && b.script && a.script !== b.script) return { ...result, mismatch: true };
  if (!a.language || !b.language || a.language === b.language) return result;
  // Each text must be implausible in the other's language: franc's runner-up is often the right answer.
  const scoreIn = (text: string, lang: string) => francAll(text).find(([l]) => l === lang)?.[1] ?? 0;
  const mismatch = scoreIn(response, a.language) < PLAUSIBLE && scoreIn(instruction, b.language) < PLAUSIBLE;
  return { ...result, mismatch };
}
