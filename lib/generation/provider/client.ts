import { createAnthropic } from "@ai-sdk/anthropic";
import { getAnthropicLanguageModelEntry } from "@ai-sdk/anthropic/internal";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4, LanguageModelV4Message } from "@ai-sdk/provider";
import { classifyError, ProviderError } from "./errors";
import { undiciFetch } from "./fetch";
import type { CompletionRequest, CompletionResult, LlmClient, ProviderConfig } from "./types";

/**
 * One client per provider configuration. Every call is a single HTTP request (`maxRetries: 0`): the engine
 * owns retries, backoff and rate limits, and sees every failure as a ProviderError.
 */
export function createLlmClient(config: ProviderConfig): LlmClient {
  const modelFor = modelFactory(config);
  const secrets = [config.apiKey, ...Object.values(config.headers ?? {})].filter((s): s is string => !!s);
  const isAnthropic = config.kind === "anthropic";

  return {
    async complete(req: CompletionRequest): Promise<CompletionResult> {
      if (req.signal?.aborted) throw new ProviderError("cancelled", "The request was cancelled.");
      const timeout = req.timeoutMs !== undefined ? AbortSignal.timeout(req.timeoutMs) : undefined;
      const signals = [req.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
      const abortSignal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];

      try {
        // The provider's own call (the AI SDK's language model specification, what generateText calls once
        // per step): generateText around it added about 0.35 ms of CPU a request (its step, telemetry and
        // result objects) to an evaluation run's 1.6 ms, on the event loop that dispatches every call.
        const result = await modelFor(req.model).doGenerate({
          prompt: req.messages.map(
            (m): LanguageModelV4Message =>
              m.role === "system"
                ? { role: "system", content: m.content }
                : { role: m.role, content: [{ type: "text", text: m.content }] },
          ),
          maxOutputTokens: req.maxTokens,
          ...(isAnthropic ? anthropicSampling(req) : openAiSampling(req)),
          stopSequences: req.stop?.length ? req.stop : undefined,
          abortSignal,
        });
        const reason = result.finishReason.unified;
        return {
          text: result.content.map((part) => (part.type === "text" ? part.text : "")).join(""),
          finishReason: reason === "stop" || reason === "length" ? reason : "other",
          usage: {
            promptTokens: result.usage.inputTokens.total ?? 0,
            completionTokens: result.usage.outputTokens.total ?? 0,
          },
          model: result.response?.modelId || req.model,
        };
      } catch (error) {
        // Decide by which signal fired rather than by the error's shape: fetch rethrows whatever reason the
        // signal carries, and a caller may abort with any value.
        if (!req.signal?.aborted && timeout?.aborted) {
          throw new ProviderError(
            "timeout",
            `The provider did not answer within ${formatMs(req.timeoutMs ?? 0)}.`,
          );
        }
        throw classifyError(error, { signal: req.signal, secrets });
      }
    },
  };
}

/**
 * One model object per model id, made on first use and kept with the client: the SDK builds a model's
 * response schemas (zod) in its constructor, which cost about 0.2 ms of CPU and garbage per call when a model
 * was made for every request (a profile of 4,000 judge calls).
 */
function modelFactory(config: ProviderConfig): (modelId: string) => LanguageModelV4 {
  const make = uncachedModelFactory(config);
  const models = new Map<string, LanguageModelV4>();
  return (modelId) => {
    let model = models.get(modelId);
    if (!model) {
      model = make(modelId);
      models.set(modelId, model);
    }
    return model;
  };
}

function uncachedModelFactory(config: ProviderConfig): (modelId: string) => LanguageModelV4 {
  const baseURL = config.baseUrl?.replace(/\/+$/, "") || undefined;
  switch (config.kind) {
    case "openai": {
      const provider = createOpenAI({
        baseURL,
        apiKey: config.apiKey,
        headers: config.headers,
        fetch: undiciFetch,
      });
      // Chat Completions, not the Responses API: it is what every compatible server and Azure speak, and
      // it takes presence_penalty, which the task prompt relies on.
      return (modelId) => provider.chat(modelId);
    }
    case "openai-compatible": {
      if (!baseURL)
        throw new Error("An OpenAI-compatible provider needs a base URL (e.g. http://localhost:8000/v1).");
      const keyInHeader = config.apiKeyHeader && config.apiKey;
      const provider = createOpenAICompatible({
        name: "openai-compatible",
        baseURL,
        apiKey: keyInHeader ? undefined : config.apiKey,
        headers: keyInHeader
          ? { ...config.headers, [config.apiKeyHeader as string]: config.apiKey as string }
          : config.headers,
        queryParams: config.queryParams,
        fetch: undiciFetch,
      });
      return (modelId) => provider.chatModel(modelId);
    }
    case "anthropic": {
      const provider = createAnthropic({
        baseURL,
        apiKey: config.apiKey,
        headers: config.headers,
        fetch: undiciFetch,
      });
      return (modelId) => provider(modelId);
    }
  }
}

function openAiSampling(req: CompletionRequest) {
  return {
    temperature: req.temperature,
    topP: req.topP,
    presencePenalty: req.presencePenalty,
    frequencyPenalty: req.frequencyPenalty,
  };
}

/**
 * Anthropic takes no penalties, caps temperature at 1, wants temperature or top_p but not both, and its newest
 * models take neither. The SDK would drop or clamp the same way but emit a process warning per call; a run
 * makes thousands of calls, so adjust here. The model table comes from the SDK (pinned version) so this
 * follows the same rules it does.
 */
function anthropicSampling(req: CompletionRequest) {
  if (getAnthropicLanguageModelEntry(req.model).capabilities.language.sampling.temperature !== true)
    return {};
  const temperature = req.temperature === undefined ? undefined : Math.min(1, Math.max(0, req.temperature));
  return { temperature, topP: temperature === undefined ? req.topP : undefined };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
