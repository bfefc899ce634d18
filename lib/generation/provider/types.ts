import type { PhiSource } from "./phi-gate";

// The one shape the generation engine talks to, whatever serves the model (PIPELINE.md sections 2 and 4).

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export type ProviderKind = "openai" | "openai-compatible" | "anthropic";

export type ProviderConfig = {
  kind: ProviderKind;
  /**
   * Required for "openai-compatible" (e.g. http://localhost:11434/v1 for Ollama, http://host:8000/v1 for vLLM,
   * https://RESOURCE.openai.azure.com/openai/v1 for Azure OpenAI); optional override for the other two.
   */
  baseUrl?: string;
  /**
   * Sent as `Authorization: Bearer` (OpenAI style) or `x-api-key` (Anthropic). When absent, "openai" and
   * "anthropic" fall back to OPENAI_API_KEY / ANTHROPIC_API_KEY; "openai-compatible" sends no key (local servers).
   */
  apiKey?: string;
  /** For servers that take the key in another header, e.g. "api-key" on Azure OpenAI ("openai-compatible" only). */
  apiKeyHeader?: string;
  /** Extra request headers. Their values are treated as secrets too: never echoed in errors. */
  headers?: Record<string, string>;
  /** Extra URL query parameters, e.g. `{ "api-version": "2024-10-21" }` for Azure ("openai-compatible" only). */
  queryParams?: Record<string, string>;
};

export type CompletionRequest = {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  topP?: number;
  /** Not supported by Anthropic: dropped there. */
  presencePenalty?: number;
  /** Not supported by Anthropic: dropped there. */
  frequencyPenalty?: number;
  stop?: string[];
  /** Whole-call limit; when it passes the call fails with a "timeout" ProviderError. */
  timeoutMs?: number;
  /** The caller's cancellation; when it fires the call fails with a "cancelled" ProviderError. */
  signal?: AbortSignal;
  /** What the request is built from, for the PHI gate (phi-gate.ts); without it every message is screened. */
  phiSources?: PhiSource[];
};

export type CompletionResult = {
  text: string;
  finishReason: "stop" | "length" | "other";
  /** 0 when the server reports no usage (some local servers). */
  usage: { promptTokens: number; completionTokens: number };
  /** The model the server says answered (may differ from the requested alias). */
  model: string;
};

export type LlmClient = { complete(req: CompletionRequest): Promise<CompletionResult> };
