import "server-only";
import { AppError } from "@/lib/errors";
import { readSetting, type SettingSpec, updateSetting } from "@/lib/settings/store";
import { DEFAULT_PRICES, PRICES_SETTING, type PriceTable, priceTableSchema } from "./prices";

const PRICES: SettingSpec<PriceTable> = {
  key: PRICES_SETTING,
  schema: priceTableSchema,
  fallback: DEFAULT_PRICES,
};

/** The price table admins keep (the list prices until one is saved). */
export function loadPrices(): Promise<PriceTable> {
  return readSetting(PRICES);
}

/** Saves the price table from the JSON an admin edited: {"model": {"input": $/1M, "output": $/1M}, ...}. */
export async function savePrices(json: string, actorId: string): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new AppError("INVALID", `The price table is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = priceTableSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "INVALID",
      `Price table: ${issue?.path.join(".") || "the table"}: ${issue?.message}. Expected {"gpt-4": {"input": 30, "output": 60}, ...} in dollars per million tokens.`,
    );
  }
  await updateSetting(PRICES, actorId, () => parsed.data, {
    action: "generation.prices",
    describe: (before, after) => ({ before, after }),
  });
}
