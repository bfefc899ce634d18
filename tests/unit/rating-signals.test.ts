import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { guessLanguage, languageMismatch } from "@/lib/rating/language";
import { matchPhrases, PHRASE_PATTERNS } from "@/lib/rating/refusals";
import { hasAnswerLine, isMultipleChoice, responseSignals } from "@/lib/rating/signals";
import { rougeLF1 } from "@/lib/rouge/score";

// One near miss per pattern: wording close to the phrase that must not match it.
const NEAR_MISSES: Record<string, string> = {
  "cannot-give-medical-advice": "I can provide general medical information about statins.",
  "cannot-help": "I can help you understand your results.",
  "sorry-but": "I'm sorry to hear about your diagnosis; here is what it means.",
  "as-an-ai": "As an adult, you should be vaccinated every ten years.",
  "language-model": "I am an early riser, so I take my pills at 6 am.",
  "not-a-doctor": "Your doctor is not a substitute for the emergency department when you have chest pain.",
  "not-medical-advice": "This is medical advice from your care team: take it with food.",
  "informational-purposes": "Informational leaflets are available at the front desk.",
  "consult-a-professional":
    "Consult your notes before the ward round; doctors consult guidelines such as NICE.",
  "knowledge-cutoff": "My knowledge of the patient's history is limited to this note.",
};

describe("refusal and disclaimer patterns", () => {
  it.each(PHRASE_PATTERNS.map((p) => [p.id, p] as const))("%s matches its example", (id, p) => {
    const m = matchPhrases(p.example);
    expect(m.patterns).toContain(id);
    expect(m[p.kind]).toBe(true);
  });

  it.each(Object.entries(NEAR_MISSES))("%s does not match a near miss", (id, text) => {
    expect(matchPhrases(text).patterns).not.toContain(id);
  });

  it("has a near miss for every pattern", () => {
    expect(Object.keys(NEAR_MISSES).sort()).toEqual(PHRASE_PATTERNS.map((p) => p.id).sort());
  });

  it("reads curly apostrophes and several phrases at once", () => {
    const m = matchPhrases("As an AI, I can’t give medical advice. Please consult your doctor.");
    expect(m).toEqual({
      refusal: true,
      disclaimer: true,
      patterns: ["cannot-give-medical-advice", "as-an-ai", "consult-a-professional"],
    });
    expect(matchPhrases("Metformin is first line for type 2 diabetes.")).toEqual({
      refusal: false,
      disclaimer: false,
      patterns: [],
    });
  });

  it("catches the common refusals", () => {
    for (const text of [
      "I cannot provide medical advice.",
      "I'm not able to provide personalized medical advice.",
      "I am unable to diagnose medical conditions.",
      "I'm sorry, but I cannot assist with that.",
      "I won't help with obtaining controlled drugs.",
    ]) {
      expect(matchPhrases(text).refusal, text).toBe(true);
    }
  });
});

describe("multiple-choice tasks and their answer line", () => {
  it("knows a multiple-choice task by its type, whatever the spelling", () => {
    expect(isMultipleChoice({ instruction: "Answer.", taskType: "multiple choice" })).toBe(true);
    expect(isMultipleChoice({ instruction: "Answer.", taskType: "USMLE Style Q&A" })).toBe(true);
    expect(isMultipleChoice({ instruction: "Answer.", taskType: "Open Q&A" })).toBe(false);
  });

  it("knows one by its options, inline or on their own lines", () => {
    expect(isMultipleChoice({ instruction: "Choose.", input: "A) ACE inhibitor, B) beta blocker" })).toBe(
      true,
    );
    expect(isMultipleChoice({ instruction: "Pick one: (a) fever (b) rash (c) cough" })).toBe(true);
    expect(
      isMultipleChoice({ instruction: "Which drug?", input: "A. Warfarin\nB. Heparin\nC. Aspirin" }),
    ).toBe(true);
    expect(isMultipleChoice({ instruction: "A 58-year-old man has chest pain. What next?" })).toBe(false);
    expect(isMultipleChoice({ instruction: "Explain vitamin A) deficiency" })).toBe(false);
  });

  it('flags a multiple-choice response without "The answer is"', () => {
    expect(hasAnswerLine("Beta blockers are second line. The answer is (A).")).toBe(true);
    expect(hasAnswerLine("the answer is: B")).toBe(true);
    expect(hasAnswerLine("The correct option is A.")).toBe(false);
    const task = { instruction: "Choose.", input: "A) x, B) y", output: "A, because..." };
    expect(responseSignals(task)).toMatchObject({ multipleChoice: true, missingAnswerLine: true });
    expect(responseSignals({ ...task, output: "The answer is (A)." }).missingAnswerLine).toBe(false);
    expect(responseSignals({ instruction: "Explain.", output: "Because." }).missingAnswerLine).toBe(false);
  });
});

describe("length and copying", () => {
  it("counts words and characters (code points)", () => {
    const s = responseSignals({ instruction: "Q", output: "  Ménière’s  disease\n is 😀 rare " });
    expect(s.words).toBe(5);
    // 2 spaces + "Ménière’s" 9 + 2 + "disease" 7 + newline + space + "is" 2 + space + emoji 1 (two UTF-16
    // units) + space + "rare" 4 + space = 32.
    expect(s.chars).toBe(32);
  });

  it("scores copying of the instruction with the project's ROUGE-L", () => {
    const instruction = "List the symptoms of a heart attack in women.";
    expect(responseSignals({ instruction, output: instruction }).rougeLInstruction).toBe(1);
    const partly = "The symptoms of a heart attack in women include chest pain and nausea.";
    expect(responseSignals({ instruction, output: partly }).rougeLInstruction).toBe(
      rougeLF1(partly, instruction),
    );
    expect(responseSignals({ instruction, output: "" }).rougeLInstruction).toBe(0);
  });
});

describe("a response in another language than its instruction", () => {
  const question = "What should I do if my child has a fever and does not want to drink anything?";

  it("flags a reply in another script at any length", () => {
    expect(languageMismatch(question, "发烧时要多喝水，并及时就医。").mismatch).toBe(true);
    expect(languageMismatch(question, "Давайте ребенку больше жидкости.").mismatch).toBe(true);
  });

  it("flags a reply in another Latin-script language when both texts are long enough", () => {
    const spanish =
      "Si su hijo tiene fiebre y no quiere beber, ofrézcale pequeños sorbos de agua con frecuencia y consulte al pediatra si empeora.";
    const german =
      "Wenn Ihr Kind Fieber hat und nicht trinken möchte, bieten Sie ihm häufig kleine Schlucke Wasser an und gehen Sie zum Kinderarzt.";
    expect(languageMismatch(question, spanish).mismatch).toBe(true);
    expect(languageMismatch(question, german)).toMatchObject({
      mismatch: true,
      instruction: { language: "eng", script: "Latin" },
      response: { language: "deu", script: "Latin" },
    });
  });

  it("does not flag English answers, short texts, or tasks that ask for a language", () => {
    const english =
      "Offer small sips of fluid often, watch for signs of dehydration, and see a doctor if it persists.";
    expect(languageMismatch(question, english).mismatch).toBe(false);
    expect(languageMismatch("Dose?", "Amoxicillin 500 mg q12h.").mismatch).toBe(false);
    expect(
      languageMismatch(
        "Translate this advice for a Spanish-speaking parent: give small sips of water.",
        "Dele pequeños sorbos de agua a su hijo con frecuencia durante todo el día.",
      ).mismatch,
    ).toBe(false);
  });

  it("leaves the language unknown below the minimum length", () => {
    expect(guessLanguage("Stage 2")).toEqual({ script: null, language: null, letters: 5 });
  });

  it("flags none of a set of English medical instructions and inputs (short ones, drug lists, lab values)", () => {
    const seeds: { instruction: string; input: string }[] = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, "../fixtures/rating/english-pairs.json"), "utf8"),
    );
    expect(seeds.length).toBeGreaterThan(30);
    const flagged = seeds.filter((s) => languageMismatch(s.instruction, s.input).mismatch);
    expect(flagged).toEqual([]);
  });
});
