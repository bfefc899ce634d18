import { createHash } from "node:crypto";

/** The key of the rating cache: a rating is of exactly this instruction, input and response. */
export function ratingContentHash(text: { instruction: string; input: string; output: string }): string {
  return createHash("sha256")
    .update(JSON.stringify([text.instruction, text.input, text.output]))
    .digest("hex");
}
