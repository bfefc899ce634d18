import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectPhi, screenRecord } from "@/lib/phi/detect";
import {
  CLEAN_FLAGGED_MAX,
  CORPUS_FILE,
  groupOf,
  loadCorpus,
  measure,
  targetOf,
} from "../fixtures/phi/accuracy";

const corpus = loadCorpus();
const accuracy = measure(corpus, screenRecord);

describe("the labelled PHI corpus", () => {
  it("is what its seeded script builds (reproducible)", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "phi-corpus-")), "corpus.jsonl");
    execFileSync(process.execPath, [
      "--import",
      "tsx",
      path.join(path.dirname(CORPUS_FILE), "build-corpus.ts"),
      out,
    ]);
    expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(CORPUS_FILE, "utf8"));
    fs.rmSync(path.dirname(out), { recursive: true });
  });

  it("has several hundred records with identifiers of every category and at least 300 clean ones", () => {
    const phi = corpus.filter((r) => r.kind === "phi");
    expect(phi.length).toBeGreaterThanOrEqual(500);
    expect(corpus.filter((r) => r.kind === "clean").length).toBeGreaterThanOrEqual(300);
    const groups = new Set(phi.flatMap((r) => r.labels.map(groupOf)));
    expect([...groups].sort()).toEqual(
      [
        "ACCOUNT",
        "AGE_OVER_89",
        "DATE",
        "DEVICE",
        "EMAIL",
        "FAX",
        "HEALTH_PLAN",
        "IP",
        "LICENSE",
        "LOCATION (ZIP)",
        "LOCATION (street)",
        "MRN",
        "NAME",
        "OTHER_ID",
        "PHONE",
        "SSN",
        "URL",
        "VEHICLE",
      ].sort(),
    );
    // Labels point at the identifier they name.
    for (const r of phi)
      for (const l of r.labels) expect(r.record[l.field]?.slice(l.start, l.end)).toMatch(/\S/);
  });
});

describe("PHI screen accuracy on the corpus", () => {
  for (const [group, t] of [...accuracy.recall].sort()) {
    it(`${group}: record-level recall ${t.found}/${t.total} meets ${targetOf(group)}`, () => {
      expect(t.found / t.total).toBeGreaterThanOrEqual(targetOf(group));
    });
  }

  it(`flags at most ${CLEAN_FLAGGED_MAX * 100}% of the clean records`, () => {
    const { flagged, total, examples } = accuracy.clean;
    expect(flagged / total, JSON.stringify(examples.slice(0, 5))).toBeLessThanOrEqual(CLEAN_FLAGGED_MAX);
  });
});

// AlpaCare's 167 clinician seeds, from the shared data folder beside the repository (not copied in).
const MED_SEED = path.resolve(import.meta.dirname, "../../../shared/data/alpacare/med_seed.json");

describe.skipIf(!fs.existsSync(MED_SEED))("AlpaCare's med_seed.json", () => {
  it("is clean but for the five identifiers it really holds (three first names, two dates)", () => {
    const seeds = JSON.parse(fs.readFileSync(MED_SEED, "utf8")) as Record<string, string>[];
    expect(seeds).toHaveLength(167);
    const found = seeds.flatMap((s, i) => screenRecord(s).map((f) => [i, f.category, f.text]));
    expect(found).toEqual([
      [25, "DATE", "October 2021"], // "As of October 2021, there are over 240 million cases": a date, not a person's
      [72, "NAME", "Smith"], // "Miss Smith, after a detailed analysis of your genome"
      [92, "NAME", "Jessie"], // "I'm Jessie and I have been feeling unusual lately"
      [146, "NAME", "James"], // "James presents with severe chest pain"
      [166, "DATE", "August 2010"], // "bloating and discomfort since August 2010"
    ]);
  });
});

describe("detectPhi on a seed-sized text", () => {
  it("finds the same identifiers in a 3 KB note as in its parts", () => {
    const parts = corpus.filter((r) => r.kind === "phi").slice(0, 20);
    const text = parts.map((r) => r.record.input).join("\n");
    const whole = detectPhi(text).map((f) => f.category);
    const separately = parts.flatMap((r) => detectPhi(r.record.input ?? "").map((f) => f.category));
    expect(whole).toEqual(separately);
  });
});
