import { type DictionaryMatch, ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

// How guessable a new password is, by zxcvbn (Dropbox's estimator, maintained as zxcvbn-ts): it knows the
// most common passwords from leaked lists, English words and names, and spots repeats ("aaaa", "abcabc"),
// sequences ("12345"), keyboard walks ("qwerty"), dates and l33t spellings. Server-side only: the
// dictionaries are large, and the forms show what the server action answers.

/** zxcvbn's 0-4 scale; 3 means at least 10^8 guesses, out of reach of an attacker held back by sign-in limits. */
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
const zxcvbn = () => {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
};

const sentence = (s: string) => s.replace(/[.\s]+$/, "");

/** Why a password is too easy to guess, as a sentence a person can act on; null when it will do. */
export function passwordWeakness(password: string): string | null {
  if (/^(.)\1*$/su.test(password)) {
    return "A single repeated character is too easy to guess: use a few unrelated words instead.";
  }
  const result = zxcvbn().check(password);
  if (result.score >= MIN_SCORE) return null;
  const [only, ...rest] = result.sequence;
  if (
    !rest.length &&
    only?.pattern === "dictionary" &&
    (only as DictionaryMatch).dictionaryName.startsWith("passwords")
  ) {
    return "This is one of the most common passwords: choose another, such as a few unrelated words.";
  }
  const warning = result.feedback.warning ? ` (${sentence(result.feedback.warning).toLowerCase()})` : "";
  const advice = result.feedback.suggestions[0] ?? "Add another word or two that are less common.";
  return `This password is too easy to guess${warning}. ${sentence(advice)}.`;
}
