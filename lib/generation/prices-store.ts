import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { PRICES_SETTING, priceTableSchema } from "./prices";

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
  await db.setting.upsert({
    where: { key: PRICES_SETTING },
    create: { key: PRICES_SETTING, value: parsed.data },
    update: { value: parsed.data },
  });
  await recordAudit({
    actorId,
    action: "generation.prices",
    targetType: "Setting",
    targetId: PRICES_SETTING,
    after: parsed.data,
  });
}
