import { z } from "zod";

// Cost of a call: tokens times the model's price, in US dollars per million tokens. The table is editable by
// admins (Setting "generation.prices"); these are list prices to start from, not a promise.

export const PRICES_SETTING = "generation.prices";

export const priceSchema = z.object({
  input: z.number().min(0, { error: "a price cannot be negative" }),
  output: z.number().min(0, { error: "a price cannot be negative" }),
});
export const priceTableSchema = z.record(
  z.string().trim().min(1, { error: "a model name cannot be empty" }),
  priceSchema,
);
export type PriceTable = z.output<typeof priceTableSchema>;

export const DEFAULT_PRICES: PriceTable = {
  "gpt-4": { input: 30, output: 60 },
  "gpt-4-turbo": { input: 10, output: 30 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  "claude-3-5-sonnet-latest": { input: 3, output: 15 },
  "claude-3-5-haiku-latest": { input: 0.8, output: 4 },
};

/** The price of a model: an exact entry, else the longest entry the name starts with ("gpt-4o-2024-08-06"). */
export function priceOf(table: PriceTable, model: string): { input: number; output: number } | null {
  if (table[model]) return table[model];
  const key = Object.keys(table)
    .filter((k) => model.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return key ? (table[key] ?? null) : null;
}

export function costUsd(
  table: PriceTable,
  model: string,
  usage: { promptTokens: number; completionTokens: number },
): number {
  const price = priceOf(table, model);
  if (!price) return 0;
  return (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
}

/**
 * What one call may cost at most, held against a budget before it is sent: the prompt counted generously (about
 * 3.5 characters a token, plus the chat framing) and the whole of max_tokens. `promptTokens` is that count.
 */
export function callReserve(
  table: PriceTable,
  model: string,
  messages: readonly { content: string }[],
  maxTokens: number,
): { promptTokens: number; usd: number } {
  const promptTokens = Math.ceil(messages.reduce((n, m) => n + m.content.length + 16, 0) / 3.5);
  return { promptTokens, usd: costUsd(table, model, { promptTokens, completionTokens: maxTokens }) };
}
