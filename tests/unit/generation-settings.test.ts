import { describe, expect, it } from "vitest";
import { costUsd, DEFAULT_PRICES, priceOf } from "@/lib/generation/prices";
import { jobSettingsSchema, startJobSchema } from "@/lib/validation/generation";

describe("job settings", () => {
  it("default to AlpaCare's recipe", () => {
    const s = jobSettingsSchema.parse({});
    expect(s).toMatchObject({
      perRequest: 12,
      seedsPerRequest: 3,
      taskModel: "gpt-4",
      responseModel: "gpt-3.5-turbo",
      temperature: 1,
      topP: 1,
      presencePenalty: 1.5,
      frequencyPenalty: 0,
      responseMaxTokens: 300,
      threshold: 0.7,
      filters: { length: true, blacklist: true, program: true, first_char: true },
      provider: { kind: "openai" },
    });
    expect(s.maxTokens).toBeUndefined();
    expect(s.budgetUsd).toBeUndefined();
  });

  it("read form strings: numbers, blanks as unset, checkboxes (a filter left out of an API call stays on)", () => {
    const s = jobSettingsSchema.parse({
      target: " 500 ",
      maxTokens: "",
      budgetUsd: "12.5",
      rngSeed: "7",
      filters: { length: "on", blacklist: false, program: "true", first_char: "" },
    });
    expect(s).toMatchObject({ target: 500, budgetUsd: 12.5, rngSeed: 7 });
    expect(s.maxTokens).toBeUndefined();
    expect(s.filters).toEqual({ length: true, blacklist: false, program: true, first_char: false });
    expect(jobSettingsSchema.parse({ filters: { blacklist: false } }).filters).toEqual({
      length: true,
      blacklist: false,
      program: true,
      first_char: true,
    });
  });

  it("explain bad values by field", () => {
    const r = startJobSchema.safeParse({
      exportId: "",
      settings: { target: "0", threshold: "1.5", perRequest: "2.5", provider: { kind: "openai-compatible" } },
    });
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        "exportId: Choose the seed export to generate from",
        "settings.target: Target: at least 1",
        "settings.threshold: ROUGE-L threshold: at most 1",
        "settings.perRequest: Tasks per request: a whole number",
      ]),
    );
    const compat = jobSettingsSchema.safeParse({ provider: { kind: "openai-compatible", baseUrl: "" } });
    expect(compat.error?.issues[0]?.message).toMatch(/needs its URL/);
    const url = jobSettingsSchema.safeParse({ provider: { kind: "openai", baseUrl: "ftp://x" } });
    expect(url.error?.issues[0]?.message).toMatch(/http\(s\) URL/);
  });
});

describe("prices", () => {
  it("price a model by its exact name or the longest prefix", () => {
    expect(priceOf(DEFAULT_PRICES, "gpt-4")).toEqual({ input: 30, output: 60 });
    expect(priceOf(DEFAULT_PRICES, "gpt-4o-mini-2024-07-18")).toEqual(DEFAULT_PRICES["gpt-4o-mini"]);
    expect(priceOf(DEFAULT_PRICES, "gpt-4o-2024-08-06")).toEqual(DEFAULT_PRICES["gpt-4o"]);
    expect(priceOf(DEFAULT_PRICES, "llama3")).toBeNull();
  });

  it("cost tokens in dollars per million", () => {
    expect(costUsd(DEFAULT_PRICES, "gpt-4", { promptTokens: 1000, completionTokens: 500 })).toBeCloseTo(
      0.06,
      10,
    );
    expect(costUsd(DEFAULT_PRICES, "unknown", { promptTokens: 1000, completionTokens: 500 })).toBe(0);
  });
});
