// Where a worker finds an API key for each provider when the job chose no stored key, in the order it looks.
// Client-safe: the new-job form names them (it had a copy of its own), the worker reads them
// (lib/generation/engine/context.ts).

export const KEY_ENV: Record<"openai" | "openai-compatible" | "anthropic", readonly string[]> = {
  openai: ["OPENAI_API_KEY"],
  "openai-compatible": ["MEDSEED_LLM_API_KEY", "OPENAI_API_KEY"],
  anthropic: ["ANTHROPIC_API_KEY"],
};

/** The variables as a form says them; a compatible server may need none. */
export function keyEnvWords(kind: string): string {
  const names = KEY_ENV[kind as keyof typeof KEY_ENV] ?? KEY_ENV.openai;
  const list = names.join(", else ");
  return kind === "openai-compatible" ? `${list}; none if the server needs none` : list;
}
