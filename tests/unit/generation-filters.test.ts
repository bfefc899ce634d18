import { describe, expect, it } from "vitest";
import {
  BLACKLIST,
  DEFAULT_FILTERS,
  FILTER_VERSION,
  FILTERS,
  type FilterName,
  filterTask,
} from "@/lib/generation/filters";

const ALL = DEFAULT_FILTERS;
const only = (name: FilterName) =>
  Object.fromEntries(FILTERS.map((f) => [f, f === name])) as Record<FilterName, boolean>;
const allBut = (name: FilterName) => ({ ...ALL, [name]: false });
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

describe("filterTask", () => {
  it("turns every filter on by default", () => {
    expect(DEFAULT_FILTERS).toEqual({ length: true, blacklist: true, program: true, first_char: true });
  });

  it("passes an ordinary medical instruction", () => {
    expect(filterTask("Explain the mechanism of action of metformin in type 2 diabetes.", ALL)).toBeNull();
  });

  describe("length", () => {
    it.each([4, 5, 150])("keeps %i words", (n) => {
      expect(filterTask(words(n), ALL)).toBeNull();
    });

    it.each([0, 1, 2, 3, 151])("discards %i words (Alpaca and Self-Instruct drop <= 3)", (n) => {
      expect(filterTask(words(n), ALL)).toMatchObject({ reason: "length" });
    });

    it("filter version 1 (jobs made before version 2) still keeps three words", () => {
      expect(FILTER_VERSION).toBe(2);
      expect(filterTask("Define heart failure.", ALL, 1)).toBeNull();
      expect(filterTask("Define heart failure.", ALL, 2)).toMatchObject({
        reason: "length",
        detail: expect.stringContaining("4 to 150"),
      });
    });

    it("counts words split by any whitespace, as Python's str.split() does", () => {
      expect(filterTask("Define\t\nhypertension\u00a0please now", ALL)).toBeNull();
      expect(filterTask("Define\u001fhypertension", ALL)).toMatchObject({
        reason: "length",
        detail: expect.stringContaining("2 words"),
      });
    });

    it("can be switched off", () => {
      expect(filterTask("Explain.", allBut("length"))).toBeNull();
    });
  });

  describe("blacklist", () => {
    it.each([...BLACKLIST])("discards an instruction mentioning %j", (word) => {
      const hit = filterTask(`Please look at the ${word} and describe the findings carefully.`, ALL);
      expect(hit).toMatchObject({ reason: "blacklist" });
      expect(hit?.detail).toContain(`"${word}"`);
    });

    it("matches whole words in any case, and any spacing in 'go to'", () => {
      expect(filterTask("Describe the IMAGES of a normal chest film.", ALL)).toMatchObject({
        reason: "blacklist",
      });
      expect(filterTask("Tell the patient to Go  To the emergency department.", ALL)).toMatchObject({
        reason: "blacklist",
      });
      expect(filterTask("Look at the graph: what does it show?", ALL)).toMatchObject({ reason: "blacklist" });
    });

    it.each([
      "Explain the mapping of dermatomes to spinal nerves.",
      "Describe the lipid profile of a patient with nephrotic syndrome.",
      "Explain how a drawback of beta blockers affects asthma.",
      "List the plotting errors that occur when growth charts are used.",
      "Explain how ECG graphing paper scales time.",
      "Summarise the patient's filed complaint about waiting times.",
      "Explain the goto protocol used in paediatric sedation.",
    ])("does not match inside a longer word: %j", (instruction) => {
      expect(filterTask(instruction, ALL)).toBeNull();
    });

    it("treats letters of any script as part of a word, like Python's re", () => {
      expect(filterTask("Explain the mapé notation used in French charts.", ALL)).toBeNull();
      expect(filterTask("Explain the map_2 notation used in charts.", ALL)).toBeNull();
      expect(filterTask("Explain the map-based notation used in charts.", ALL)).toMatchObject({
        reason: "blacklist",
      });
    });

    it("can be switched off", () => {
      expect(filterTask("Describe this image of a skin lesion.", allBut("blacklist"))).toBeNull();
    });
  });

  describe("program", () => {
    it("discards instructions starting with 'Write a program', in any case", () => {
      expect(filterTask("Write a program that calculates BMI from height and weight.", ALL)).toMatchObject({
        reason: "program",
      });
      expect(filterTask("write A Program that calculates BMI from height and weight.", ALL)).toMatchObject({
        reason: "program",
      });
    });

    it("only at the start", () => {
      expect(filterTask("Explain why you would not write a program to dose insulin.", ALL)).toBeNull();
    });

    it("can be switched off", () => {
      expect(filterTask("Write a program that calculates BMI.", allBut("program"))).toBeNull();
    });
  });

  describe("first_char", () => {
    it.each([
      '"Explain angina to a patient."',
      "- Explain angina to a patient.",
      "(a) Explain angina to a patient.",
      "#1 Explain angina to a patient.",
    ])("discards an instruction starting with punctuation: %j", (instruction) => {
      expect(filterTask(instruction, ALL)).toMatchObject({ reason: "first_char" });
    });

    it.each([
      "¿Qué es la hipertensión arterial?",
      "Ébauchez un plan de soins infirmiers.",
      "“Explain angina to a patient.”",
      "🩺 Explain angina to a patient.",
    ])("discards an instruction starting with a non-ASCII character: %j", (instruction) => {
      expect(filterTask(instruction, ALL)).toMatchObject({
        reason: "first_char",
        detail: expect.stringContaining(`"${[...instruction][0]}"`),
      });
    });

    it("keeps an instruction starting with a digit or a letter", () => {
      expect(filterTask("5 signs of sepsis every nurse should know: list them.", ALL)).toBeNull();
    });

    it("can be switched off", () => {
      expect(filterTask('"Explain angina to a patient."', allBut("first_char"))).toBeNull();
    });
  });

  it("reports the first filter hit in Alpaca's order", () => {
    expect(filterTask("Plot.", ALL)).toMatchObject({ reason: "length" });
    expect(filterTask("Write a program to plot a graph of heart rate.", ALL)).toMatchObject({
      reason: "blacklist",
    });
    expect(filterTask("Write a program to compute the anion gap.", only("first_char"))).toBeNull();
  });

  it("passes everything when every filter is off", () => {
    const off = Object.fromEntries(FILTERS.map((f) => [f, false])) as Record<FilterName, boolean>;
    expect(filterTask("", off)).toBeNull();
    expect(filterTask("(Write a program to draw an image.", off)).toBeNull();
  });
});
