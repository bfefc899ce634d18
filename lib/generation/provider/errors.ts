import {
  APICallError,
  EmptyResponseBodyError,
  InvalidArgumentError,
  InvalidPromptError,
  InvalidResponseDataError,
  JSONParseError,
  LoadAPIKeyError,
  NoContentGeneratedError,
  RetryError,
  TypeValidationError,
} from "ai";

export type ProviderErrorKind =
  | "rate_limit"
  | "server"
  | "timeout"
  | "network"
  | "context_length"
  | "auth"
  | "bad_request"
  | "cancelled";

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["rate_limit", "server", "timeout", "network"]);

/**
 * A failed model call, reduced to what the engine decides on (kind, retryAfterMs) and a message that is safe
 * to store and show: it never carries the API key, request headers or the original error object.
 */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    options: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = "ProviderError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export type ClassifyContext = {
  /** The caller's own signal: when it has fired, any failure is a cancellation, not a timeout. */
  signal?: AbortSignal;
  /** Strings to scrub from messages (API key, header values). */
  secrets?: readonly string[];
};

const CONTEXT_LENGTH =
  /context_length_exceeded|maximum context length|context length|prompt is too long|context window|too many input tokens/i;

// Codes seen on the cause chain of undici's "fetch failed" and Node socket errors.
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "ConnectionRefused",
  "ConnectionClosed",
  "FailedToOpenSocket",
]);
// undici gives up on a silent server after 300 s by default: that is a timeout, not a dead host.
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

// What a network code means for the person reading the job's or run's log, in their terms.
const REFUSED = "nothing answers at its address (is the server running, with the base URL's host and port?)";
const CUT = "the connection was cut off";
const NETWORK_MEANING: Record<string, string> = {
  ECONNREFUSED: REFUSED,
  ConnectionRefused: REFUSED,
  ENOTFOUND: "its host name is not known here (check the base URL)",
  EAI_AGAIN: "its host name could not be looked up just now",
  EHOSTUNREACH: "its host cannot be reached from this machine",
  ENETUNREACH: "its network cannot be reached from this machine",
  ECONNRESET: CUT,
  EPIPE: CUT,
  ConnectionClosed: CUT,
  UND_ERR_SOCKET: CUT,
  ETIMEDOUT: "the connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
};

/** "Could not reach the provider (CODE): what that means." */
function unreachable(code: string | undefined): string {
  if (!code) return "Could not reach the provider.";
  const meaning = NETWORK_MEANING[code];
  return `Could not reach the provider (${code})${meaning ? `: ${meaning}` : ""}.`;
}

/** Maps anything a model call can throw (AI SDK errors, fetch/undici errors, aborts) onto a ProviderError. */
export function classifyError(error: unknown, context: ClassifyContext = {}): ProviderError {
  if (error instanceof ProviderError) return error;
  const clean = (text: string) => redact(text, context.secrets ?? []);
  if (context.signal?.aborted) return new ProviderError("cancelled", "The request was cancelled.");

  // With maxRetries 0 the SDK should not wrap, but unwrap in case a caller configured retries.
  const inner = RetryError.isInstance(error) && error.lastError !== undefined ? error.lastError : error;

  if (isAbort(inner)) {
    return new ProviderError("timeout", "The provider did not answer in time and the request was aborted.");
  }
  if (APICallError.isInstance(inner)) return fromApiCallError(inner, clean);
  if (LoadAPIKeyError.isInstance(inner)) {
    return new ProviderError("auth", "No API key is configured for this provider.");
  }
  if (InvalidArgumentError.isInstance(inner) || InvalidPromptError.isInstance(inner)) {
    return new ProviderError("bad_request", `The request was not valid: ${clean(inner.message)}`);
  }
  if (
    JSONParseError.isInstance(inner) ||
    TypeValidationError.isInstance(inner) ||
    InvalidResponseDataError.isInstance(inner) ||
    EmptyResponseBodyError.isInstance(inner) ||
    NoContentGeneratedError.isInstance(inner)
  ) {
    // A 200 whose body is not a chat completion: a broken proxy or an overloaded server, worth another try.
    return new ProviderError("server", "The provider returned a response that could not be read.");
  }
  const code = networkCode(inner);
  if (code && TIMEOUT_CODES.has(code)) {
    return new ProviderError("timeout", "The provider did not answer in time (connection timed out).");
  }
  if (code || isFetchFailed(inner)) {
    return new ProviderError("network", unreachable(code));
  }
  // Unknown failures are not retried: repeating a programming error only burns time.
  const message = inner instanceof Error ? inner.message : String(inner);
  return new ProviderError("bad_request", `Unexpected error calling the provider: ${clean(message)}`);
}

function fromApiCallError(error: APICallError, clean: (text: string) => string): ProviderError {
  const status = error.statusCode;
  const detail = clean(providerMessage(error));
  if (status === undefined) {
    // The SDK wraps refused connections and resets as an APICallError without a status.
    const code = networkCode(error);
    if (code && TIMEOUT_CODES.has(code)) {
      return new ProviderError("timeout", "The provider did not answer in time (connection timed out).");
    }
    return new ProviderError("network", unreachable(code));
  }
  const withDetail = (text: string) => (detail ? `${text}: ${detail}` : `${text}.`);
  const body = `${error.message}\n${error.responseBody ?? ""}`;

  if (status === 429) {
    // OpenAI answers 429 for an exhausted account too; waiting will not fix that, so it is not retried.
    if (/insufficient_quota|exceeded your current quota/i.test(body)) {
      return new ProviderError(
        "bad_request",
        withDetail(`The provider account has no quota left (HTTP 429)`),
        {
          status,
        },
      );
    }
    return new ProviderError("rate_limit", withDetail("The provider is rate limiting requests (HTTP 429)"), {
      status,
      retryAfterMs: retryAfterMsFromHeaders(error.responseHeaders),
    });
  }
  if (status >= 500) {
    return new ProviderError("server", withDetail(`The provider had a server error (HTTP ${status})`), {
      status,
      retryAfterMs: retryAfterMsFromHeaders(error.responseHeaders),
    });
  }
  if (status === 408)
    return new ProviderError("timeout", withDetail("The provider timed out (HTTP 408)"), { status });
  if (status === 413 || ((status === 400 || status === 422) && CONTEXT_LENGTH.test(body))) {
    return new ProviderError(
      "context_length",
      withDetail(`The prompt and output do not fit the model's context`),
      {
        status,
      },
    );
  }
  if (status === 401 || status === 403) {
    return new ProviderError("auth", withDetail(`The provider refused the credentials (HTTP ${status})`), {
      status,
    });
  }
  return new ProviderError("bad_request", withDetail(`The provider rejected the request (HTTP ${status})`), {
    status,
  });
}

/** The provider's own error text (OpenAI and Anthropic both use `{error: {message}}`), one line, bounded. */
function providerMessage(error: APICallError): string {
  const data = error.data as { error?: { message?: unknown } } | undefined;
  const fromData = typeof data?.error?.message === "string" ? data.error.message : undefined;
  const text = fromData ?? error.message ?? "";
  // HTML error pages from proxies say nothing useful and can be long.
  if (/<html|<!doctype/i.test(text)) return "";
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/**
 * `retry-after-ms` (OpenAI, fractional milliseconds) wins over `retry-after` (seconds, or an HTTP date).
 * Returns undefined when neither is present or readable.
 */
export function retryAfterMsFromHeaders(
  headers: Record<string, string | undefined> | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) => {
    for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value?.trim();
    return undefined;
  };
  const ms = get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const after = get("retry-after");
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && ["AbortError", "TimeoutError", "ResponseAborted"].includes(error.name);
}

function networkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || TIMEOUT_CODES.has(code))) return code;
    current = current.cause;
  }
  return undefined;
}

function isFetchFailed(error: unknown): boolean {
  return error instanceof TypeError && /^(fetch failed|failed to fetch|terminated)$/i.test(error.message);
}

/** Removes known secrets and anything shaped like a key or bearer token. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values (e.g. "1") would shred the message and are not credentials anyway.
    if (secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  return out
    .replace(/\b(Bearer|Basic)\s+[^\s"',]+/gi, "$1 [redacted]")
    .replace(/\b(sk|pk|rk)-[A-Za-z0-9_*-]{6,}/g, "[redacted]");
}
