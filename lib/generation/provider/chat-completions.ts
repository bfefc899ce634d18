import { setImmediate } from "node:timers/promises";
import {
  VERSION as OPENAI_COMPATIBLE_VERSION,
  type OpenAICompatibleChatLanguageModel,
} from "@ai-sdk/openai-compatible";
import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import {
  getRuntimeEnvironmentUserAgent,
  VERSION as PROVIDER_UTILS_VERSION,
  withUserAgentSuffix,
} from "@ai-sdk/provider-utils";
import { APICallError, JSONParseError } from "ai";
import { request } from "undici";
import { dispatcher } from "./fetch";

/**
 * An OpenAI-compatible Chat Completions call: the AI SDK builds the request (`prepareRequest`, the body its
 * `doGenerate` sends) and reads the answer (`convertResponse`: validated and converted as `doGenerate` does),
 * and the exchange between them is this module's, over undici's `request` and the shared keep-alive pool. So
 * the exchange alone can run inside the caller's turn (CompletionRequest.sendLimit): a run with more requests
 * ready than its calls at once sends the next the moment an answer is read, not after the SDK has parsed it;
 * `doGenerate` does building, sending and parsing in one call. It also makes no fetch Response, Headers or web
 * stream per call. Errors take the SDK's shapes (APICallError, JSONParseError), which errors.ts classifies.
 */
export type ChatEndpoint = {
  /** `${baseUrl}/chat/completions` with the configured query parameters */
  url: string;
  headers: Record<string, string>;
};

export function chatEndpoint(config: {
  baseUrl: string;
  apiKey?: string;
  apiKeyHeader?: string;
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
}): ChatEndpoint {
  // As createOpenAICompatible and postJsonToApi build them (the unit tests compare the two on the wire).
  const url = new URL(`${config.baseUrl.replace(/\/+$/, "")}/chat/completions`);
  if (config.queryParams) url.search = new URLSearchParams(config.queryParams).toString();
  const keyInHeader = config.apiKeyHeader && config.apiKey;
  const provider = withUserAgentSuffix(
    {
      ...(config.apiKey && !keyInHeader ? { Authorization: `Bearer ${config.apiKey}` } : {}),
      ...config.headers,
      ...(keyInHeader ? { [config.apiKeyHeader as string]: config.apiKey } : {}),
    },
    `ai-sdk-openai-compatible/${OPENAI_COMPATIBLE_VERSION}`,
  );
  const headers = withUserAgentSuffix(
    { ...provider, "Content-Type": "application/json" },
    `ai-sdk-provider-utils/${PROVIDER_UTILS_VERSION}`,
    getRuntimeEnvironmentUserAgent(),
  );
  return { url: url.toString(), headers };
}

export async function chatCompletion(
  model: OpenAICompatibleChatLanguageModel,
  endpoint: ChatEndpoint,
  options: LanguageModelV4CallOptions,
  limit: <T>(exchange: () => Promise<T>) => Promise<T>,
  signalAtSend: () => AbortSignal | undefined,
): Promise<LanguageModelV4GenerateResult> {
  const { body } = await model.prepareRequest(options);
  const payload = JSON.stringify(body);
  const answer = await limit(async () => {
    const res = await request(endpoint.url, {
      method: "POST",
      headers: endpoint.headers,
      body: payload,
      signal: signalAtSend(),
      dispatcher,
    });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  });
  // The answer is in and its turn handed on; reading it waits for the event loop's other I/O (answers that
  // came in with it, whose next requests are ready to go), so none of them waits for this one's parsing.
  await setImmediate();
  const { status, text } = answer;
  if (status < 200 || status > 299) {
    const data = parseJson(text);
    const message = (data as { error?: { message?: unknown } } | undefined)?.error?.message;
    throw new APICallError({
      message: typeof message === "string" ? message : `HTTP ${status}`,
      url: endpoint.url,
      requestBodyValues: body,
      statusCode: status,
      responseHeaders: flatHeaders(answer.headers),
      responseBody: text,
      data,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new JSONParseError({ text, cause });
  }
  return model.convertResponse({ body: parsed });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}
