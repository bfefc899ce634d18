import { describe, expect, it } from "vitest";
import { datasetCard } from "@/lib/dataset/publish/card";
import { COMMON_LICENCES, canonicalLicence, isNonCommercial, SPDX_LICENCE_IDS } from "@/lib/model/licences";
import { SOURCE_KIND_LABELS, SOURCE_KINDS } from "@/lib/model/source-kinds";
import { type SourceLine, summariseSources } from "@/lib/provenance/summary";
import { seedDraftSchema } from "@/lib/validation/seed";
import {
  citationUrlSchema,
  licenceSchema,
  sourceOverrideSchema,
  sourceSchema,
} from "@/lib/validation/source";

describe("the licence list", () => {
  it("holds the SPDX ids, every common one among them, plus internal and NOASSERTION", () => {
    expect(SPDX_LICENCE_IDS.length).toBeGreaterThan(500);
    for (const id of COMMON_LICENCES) expect(SPDX_LICENCE_IDS).toContain(id);
    for (const id of ["CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0", "CC0-1.0", "MIT", "Apache-2.0"])
      expect(canonicalLicence(id)).toBe(id);
    expect(canonicalLicence("internal")).toBe("internal");
    expect(canonicalLicence("noassertion")).toBe("NOASSERTION");
  });

  it("reads any case and stores SPDX's spelling; refuses what is not on the list, saying what to use", () => {
    expect(licenceSchema.parse(" cc-by-nc-4.0 ")).toBe("CC-BY-NC-4.0");
    expect(licenceSchema.parse("apache-2.0")).toBe("Apache-2.0");
    const bad = licenceSchema.safeParse("CC-BY-NC-5.0");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/SPDX id such as CC-BY-4.0/);
    expect(licenceSchema.safeParse("").success).toBe(false);
  });

  it("knows which licences are non-commercial", () => {
    for (const id of ["CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-3.0", "cc-by-nc-2.0"])
      expect(isNonCommercial(id)).toBe(true);
    for (const id of [
      "CC-BY-4.0",
      "CC-BY-SA-4.0",
      "CC0-1.0",
      "MIT",
      "internal",
      "NOASSERTION",
      "CC-BY-ND-4.0",
    ])
      expect(isNonCommercial(id)).toBe(false);
  });

  it("labels every source kind", () => {
    for (const k of SOURCE_KINDS) expect(SOURCE_KIND_LABELS[k]).toBeTruthy();
    expect(SOURCE_KIND_LABELS.OWN_EXPERIENCE).toBe("Own clinical experience");
  });
});

describe("citation URLs", () => {
  it("takes http and https addresses, and empty for none", () => {
    for (const url of ["https://arxiv.org/abs/2310.14558", "http://example.org/guideline?x=1#s2", ""])
      expect(citationUrlSchema.safeParse(url).success).toBe(true);
    expect(citationUrlSchema.parse("  https://doi.org/10.1/x  ")).toBe("https://doi.org/10.1/x");
  });

  it("takes an address typed without its scheme as https", () => {
    expect(citationUrlSchema.parse("www.nice.org.uk/guidance/ng28")).toBe(
      "https://www.nice.org.uk/guidance/ng28",
    );
    expect(citationUrlSchema.parse(" doi.org/10.1000/xyz ")).toBe("https://doi.org/10.1000/xyz");
    expect(citationUrlSchema.parse("www.example.org")).toBe("https://www.example.org");
    expect(citationUrlSchema.parse("example.org:8080/a?b=1#c")).toBe("https://example.org:8080/a?b=1#c");
  });

  it("refuses other schemes, relative links and text, with an example of what works", () => {
    for (const url of [
      "javascript:alert(1)",
      "data:text/html,hi",
      "file:///etc/passwd",
      "ftp://example.org/x",
      "/relative/path",
      "see the green book",
      "guideline.pdf page 3",
      "https://",
    ]) {
      const r = citationUrlSchema.safeParse(url);
      expect(r.success, url).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/http:\/\/ or https:\/\//);
    }
  });
});

describe("the source schema", () => {
  it("defaults to nobody-said (UNKNOWN, NOASSERTION), never to a claim", () => {
    expect(sourceSchema.parse({})).toEqual({
      sourceKind: "UNKNOWN",
      citation: "",
      citationUrl: "",
      licence: "NOASSERTION",
      adapted: false,
    });
    expect(seedDraftSchema.parse({ instruction: "Explain sepsis." })).toMatchObject({
      sourceKind: "UNKNOWN",
      licence: "NOASSERTION",
    });
  });

  it("takes form values (adapted as 'on'/'true') and refuses an unknown kind", () => {
    expect(sourceSchema.parse({ sourceKind: "TEXTBOOK", adapted: "on" }).adapted).toBe(true);
    expect(sourceSchema.parse({ adapted: "false" }).adapted).toBe(false);
    expect(sourceSchema.safeParse({ sourceKind: "BLOG" }).error?.issues[0]?.message).toMatch(
      /OWN_EXPERIENCE/,
    );
  });

  it("leaves out what a file-level override does not set", () => {
    expect(sourceOverrideSchema.parse({ licence: "cc-by-4.0" })).toEqual({ licence: "CC-BY-4.0" });
  });
});

describe("sources summaries and the dataset card", () => {
  const line = (licence: string, seeds: number, over: Partial<SourceLine> = {}): SourceLine => ({
    sourceKind: "TEXTBOOK",
    licence,
    citation: "Harrison's Principles of Internal Medicine, 21st ed.",
    citationUrl: "",
    adapted: false,
    seeds,
    ...over,
  });

  it("folds equal sources together, most seeds first, and counts seeds per licence", () => {
    const s = summariseSources([line("CC-BY-4.0", 2), line("NOASSERTION", 1), line("CC-BY-4.0", 3)]);
    expect(s.sources.map((l) => [l.licence, l.seeds])).toEqual([
      ["CC-BY-4.0", 5],
      ["NOASSERTION", 1],
    ]);
    expect(s).toMatchObject({ seeds: 6, unrecorded: 1, nonCommercial: false });
  });

  it("a card of seeds under one licence takes it; under none recorded, keeps the TODO", () => {
    const base = {
      number: 1,
      title: "T",
      license: null,
      createdAt: new Date(0),
      recordCount: 1,
      trainSha256: "a",
      jobs: [],
      stats: { types: [], topics: [], viewGroups: [], difficulty: [], categories: [] },
      curation: { excluded: 0, edited: 0, crossJobDuplicates: 0, spotCheck: null },
    };
    const one = datasetCard({
      ...base,
      sources: summariseSources([line("CC-BY-4.0", 4, { adapted: true })]),
    });
    expect(one).toMatch(/^license: cc-by-4\.0$/m);
    expect(one).toContain("Released under **cc-by-4.0**, the licence every seed carries.");
    expect(one).toContain(
      "| Textbook | Harrison's Principles of Internal Medicine, 21st ed. | CC-BY-4.0 | yes | 4 |",
    );
    expect(one).not.toContain("TODO (licence)");
    expect(one).not.toContain("non-commercial");
    const unknown = datasetCard({ ...base, sources: summariseSources([line("NOASSERTION", 4)]) });
    expect(unknown).toContain("**TODO (licence):**");
    // A publisher's permissive licence over NonCommercial seeds is called out.
    const clash = datasetCard({
      ...base,
      license: "mit",
      sources: summariseSources([line("CC-BY-NC-4.0", 1)]),
    });
    expect(clash).toMatch(/^license: mit$/m);
    expect(clash).toContain("check that this licence does not grant commercial use");
    expect(clash).toMatch(/^- non-commercial$/m);
  });
});
