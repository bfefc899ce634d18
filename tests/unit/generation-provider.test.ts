import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { APICallError, LoadAPIKeyError } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type ChatMessage,
  type CompletionRequest,
  classifyError,
  type LlmClient,
  ProviderError,
  retryAfterMsFromHeaders,
  retryDelayMs,
  retryingIn,
  TokenBucket,
} from "@/lib/generation/provider";
// The raw client, under test here; everything else gets the screened one (provider-gate-usage.test.ts).
import { createLlmClient } from "@/lib/generation/provider/client";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";

// The client runs against real HTTP servers: the fake OpenAI-compatible server, and small servers below that
// speak Anthropic's Messages API or echo secrets back, so what reaches the wire is what gets checked.

const TASK_PROMPT: ChatMessage[] = [
  { role: "system", content: "You write diverse medical tasks." },
  {
    role: "user",
    content: [1, 2, 3]
      .map((n) =>
        [
          "###",
          `${n}. Type: Open Q&A`,
          "Topic: Cardiology",
          "View: Nurse",
          "Difficulty: 2",
          `Instruction: Seed ${n}.`,
          "Input: <noinput>",
        ].join("\n"),
      )
      .concat("###\n4. Type:")
      .join("\n"),
  },
];

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    model: "fake-gpt-4",
    messages: [{ role: "user", content: "What is angina?" }],
    maxTokens: 300,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error("expected the call to fail");
}

describe("client against the fake OpenAI-compatible server", () => {
  let fake: FakeServer;
  let client: LlmClient;

  beforeAll(async () => {
    fake = await startFakeOpenAIServer({ seed: 11 });
    client = createLlmClient({ kind: "openai-compatible", baseUrl: fake.baseUrl });
  });
  afterAll(() => fake.close());
  afterEach(() => fake.setOptions({ faultRate: 0, latencyMs: 0 }));

  it("returns text, finish reason, usage and the model the server names", async () => {
    const result = await client.complete(request());
    expect(result.text.length).toBeGreaterThan(20);
    expect(result.finishReason).toBe("stop");
    expect(result.model).toBe("fake-gpt-4");
    expect(result.usage.promptTokens).toBe(Math.ceil("What is angina?".length / 4));
    expect(result.usage.completionTokens).toBe(Math.ceil(result.text.length / 4));
  });

  it.each([["openai-compatible" as const], ["openai" as const]])(
    "sends every decoding setting on the wire (%s)",
    async (kind) => {
      const c = createLlmClient({ kind, baseUrl: fake.baseUrl, apiKey: "sk-test-wire-0000" });
      await c.complete({
        model: "gpt-4",
        messages: TASK_PROMPT,
        maxTokens: 500,
        temperature: 1,
        topP: 1,
        presencePenalty: 1.5,
        frequencyPenalty: 0,
        stop: ["\n###\n16. Type:"],
      });
      const sent = fake.requests.at(-1);
      expect(sent?.body).toMatchObject({
        model: "gpt-4",
        temperature: 1,
        top_p: 1,
        presence_penalty: 1.5,
        frequency_penalty: 0,
        max_tokens: 500,
        stop: ["\n###\n16. Type:"],
      });
      expect(sent?.body.messages).toEqual([
        { role: "system", content: TASK_PROMPT[0]?.content },
        { role: "user", content: TASK_PROMPT[1]?.content },
      ]);
      expect(sent?.body.stream).not.toBe(true);
      expect(sent?.headers.authorization).toBe("Bearer sk-test-wire-0000");
    },
  );

  it("sends the key in another header and query parameters when configured (Azure style)", async () => {
    const c = createLlmClient({
      kind: "openai-compatible",
      baseUrl: fake.baseUrl,
      apiKey: "azure-key-123456",
      apiKeyHeader: "api-key",
      queryParams: { "api-version": "2024-10-21" },
    });
    await c.complete(request());
    const sent = fake.requests.at(-1);
    expect(sent?.headers["api-key"]).toBe("azure-key-123456");
    expect(sent?.headers.authorization).toBeUndefined();
  });

  it("stops at the stop sequence", async () => {
    const result = await client.complete({
      ...request(),
      messages: TASK_PROMPT,
      maxTokens: 4000,
      stop: ["6. Type:"],
    });
    expect(result.finishReason).toBe("stop");
    expect(result.text).toContain("5. Type:");
    expect(result.text).not.toContain("6. Type:");
  });

  it("reports a length finish when max tokens cut the answer", async () => {
    const result = await client.complete({ ...request(), messages: TASK_PROMPT, maxTokens: 40 });
    expect(result.finishReason).toBe("length");
    expect(result.text.length).toBeLessThanOrEqual(160);
  });

  it("maps a 429 to rate_limit with the server's Retry-After", async () => {
    fake.setOptions({ faultRate: 1, faultKinds: ["rate_limit"], retryAfterMs: 1234 });
    const error = await failure(client.complete(request()));
    expect(error.kind).toBe("rate_limit");
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(1234);
    expect(error.retryable).toBe(true);
  });

  it("maps 500, 502 (HTML body) and 503 to server", async () => {
    fake.setOptions({ faultRate: 1, faultKinds: ["server_error"] });
    const errors = [
      await failure(client.complete(request())),
      await failure(client.complete(request())),
      await failure(client.complete(request())),
    ];
    expect(errors.map((e) => e.kind)).toEqual(["server", "server", "server"]);
    expect(errors.map((e) => e.status).sort()).toEqual([500, 502, 503]);
    for (const e of errors) {
      expect(e.retryable).toBe(true);
      expect(e.message).not.toMatch(/<html/i);
    }
  });

  it("maps a context-length 400 to context_length, not retryable", async () => {
    fake.setOptions({ faultRate: 1, faultKinds: ["context_length"] });
    const error = await failure(client.complete(request()));
    expect(error.kind).toBe("context_length");
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/maximum context length/);
  });

  it("passes malformed and truncated answers through for the parser to judge", async () => {
    fake.setOptions({ faultRate: 1, faultKinds: ["malformed"] });
    const malformed = await client.complete({ ...request(), messages: TASK_PROMPT, maxTokens: 4000 });
    expect(malformed.text).not.toMatch(/Type:/);
    fake.setOptions({ faultKinds: ["truncated"] });
    const truncated = await client.complete({ ...request(), messages: TASK_PROMPT, maxTokens: 4000 });
    expect(truncated.finishReason).toBe("length");
  });

  it("times out after timeoutMs while the server hangs", async () => {
    fake.setOptions({ faultRate: 1, faultKinds: ["timeout"], timeoutHangMs: 10_000 });
    const started = Date.now();
    const error = await failure(client.complete(request({ timeoutMs: 200 })));
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("reports cancelled when the caller aborts, even with a timeout also set", async () => {
    fake.setOptions({ faultRate: 1, faultKinds: ["timeout"], timeoutHangMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(client.complete(request({ signal: controller.signal, timeoutMs: 5000 })));
    expect(error.kind).toBe("cancelled");
    expect(error.retryable).toBe(false);
  });

  it("does not call the server when the signal has already fired", async () => {
    const before = fake.stats.requests;
    const error = await failure(client.complete(request({ signal: AbortSignal.abort() })));
    expect(error.kind).toBe("cancelled");
    expect(fake.stats.requests).toBe(before);
  });

  it("sees latency but no error with a generous timeout", async () => {
    fake.setOptions({ latencyMs: 150 });
    const started = Date.now();
    const result = await client.complete(request({ timeoutMs: 5000 }));
    expect(result.finishReason).toBe("stop");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("client errors", () => {
  it("maps a refused connection to network", async () => {
    const port = await freePort();
    const c = createLlmClient({ kind: "openai-compatible", baseUrl: `http://127.0.0.1:${port}/v1` });
    const error = await failure(c.complete(request()));
    expect(error.kind).toBe("network");
    expect(error.retryable).toBe(true);
  });

  it("maps a wrong key to auth without revealing it", async () => {
    const fake = await startFakeOpenAIServer({ apiKey: "sk-right-key-1234567890" });
    try {
      const wrong = "sk-wrong-key-ABCDEFGHIJ";
      const c = createLlmClient({ kind: "openai", baseUrl: fake.baseUrl, apiKey: wrong });
      const error = await failure(c.complete(request()));
      expect(error.kind).toBe("auth");
      expect(error.status).toBe(401);
      expect(error.retryable).toBe(false);
      expectNoSecret(error, wrong);

      const right = createLlmClient({
        kind: "openai",
        baseUrl: fake.baseUrl,
        apiKey: "sk-right-key-1234567890",
      });
      await expect(right.complete(request())).resolves.toMatchObject({ finishReason: "stop" });
    } finally {
      await fake.close();
    }
  });

  it("scrubs the key and header values even when the server echoes them", async () => {
    // Some servers quote the credentials they refused; none of it may reach a ProviderError.
    const echo = await startServer((req, res) => {
      const status = req.url?.includes("boom") ? 500 : 401;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            message: `Refused ${req.headers.authorization} with ${req.headers["x-org-secret"]}`,
            type: "x",
          },
        }),
      );
    });
    try {
      const key = "my-very-secret-key-987654";
      const orgSecret = "org-secret-value-42";
      for (const path of ["/v1", "/boom/v1"]) {
        const c = createLlmClient({
          kind: "openai-compatible",
          baseUrl: `${echo.url}${path}`,
          apiKey: key,
          headers: { "x-org-secret": orgSecret },
        });
        const error = await failure(c.complete(request()));
        expect(["auth", "server"]).toContain(error.kind);
        expectNoSecret(error, key);
        expectNoSecret(error, orgSecret);
        expect(error.message).toContain("[redacted]");
      }
    } finally {
      await echo.close();
    }
  });

  it("fails with auth when the SDK finds no key at all", async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const c = createLlmClient({ kind: "anthropic", baseUrl: "http://127.0.0.1:9/v1" });
      const error = await failure(c.complete(request()));
      expect(error.kind).toBe("auth");
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});

describe("client against an Anthropic Messages API server", () => {
  // biome-ignore lint/suspicious/noExplicitAny: captured JSON bodies.
  const seen: { body: any; headers: IncomingMessage["headers"] }[] = [];
  let reply: (res: ServerResponse) => void = () => {};
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    server = await startServer(async (req, res) => {
      seen.push({ body: JSON.parse(await readAll(req)), headers: req.headers });
      reply(res);
    });
  });
  afterAll(() => server.close());

  const anthropic = () =>
    createLlmClient({ kind: "anthropic", baseUrl: `${server.url}/v1`, apiKey: "sk-ant-test-0001" });

  it("drops the penalties quietly, clamps temperature and keeps stop sequences", async () => {
    reply = (res) =>
      json(res, 200, {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-5-20250929",
        content: [{ type: "text", text: "Angina is chest pain from myocardial ischemia." }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 21, output_tokens: 9 },
      });
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const result = await anthropic().complete({
        ...request({ model: "claude-sonnet-4-5-20250929" }),
        messages: [
          { role: "system", content: "You are a medical expert." },
          { role: "user", content: "What is angina?" },
        ],
        temperature: 1.5,
        topP: 1,
        presencePenalty: 1.5,
        frequencyPenalty: 0,
        stop: ["\n###"],
      });
      expect(result).toEqual({
        text: "Angina is chest pain from myocardial ischemia.",
        finishReason: "stop",
        usage: { promptTokens: 21, completionTokens: 9 },
        model: "claude-sonnet-4-5-20250929",
      });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    const sent = seen.at(-1);
    expect(sent?.headers["x-api-key"]).toBe("sk-ant-test-0001");
    expect(sent?.body).toMatchObject({
      model: "claude-sonnet-4-5-20250929",
      max_tokens: 300,
      temperature: 1,
      stop_sequences: ["\n###"],
    });
    expect(sent?.body).not.toHaveProperty("presence_penalty");
    expect(sent?.body).not.toHaveProperty("frequency_penalty");
    expect(sent?.body).not.toHaveProperty("top_p");
    expect(JSON.stringify(sent?.body.system)).toContain("You are a medical expert.");
  });

  it("sends no sampling settings to models that refuse them", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      await anthropic().complete({ ...request({ model: "claude-opus-4-7" }), temperature: 0.7, topP: 0.9 });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    const sent = seen.at(-1);
    expect(sent?.body.model).toBe("claude-opus-4-7");
    expect(sent?.body).not.toHaveProperty("temperature");
    expect(sent?.body).not.toHaveProperty("top_p");
  });

  it("maps 'prompt is too long' to context_length, 429 with retry-after to rate_limit, 529 to server", async () => {
    reply = (res) =>
      json(res, 400, {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "prompt is too long: 210000 tokens > 200000 maximum",
        },
      });
    expect((await failure(anthropic().complete(request()))).kind).toBe("context_length");

    reply = (res) => {
      res.setHeader("retry-after", "2");
      json(res, 429, { type: "error", error: { type: "rate_limit_error", message: "Too many requests" } });
    };
    const limited = await failure(anthropic().complete(request()));
    expect(limited).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 2000 });

    reply = (res) =>
      json(res, 529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    expect(await failure(anthropic().complete(request()))).toMatchObject({ kind: "server", status: 529 });
  });
});

describe("classifyError", () => {
  const apiError = (
    statusCode: number,
    message: string,
    extra: Partial<ConstructorParameters<typeof APICallError>[0]> = {},
  ) =>
    new APICallError({
      message,
      url: "http://x/v1/chat/completions",
      requestBodyValues: {},
      statusCode,
      ...extra,
    });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [404, "bad_request"],
    [422, "bad_request"],
    [408, "timeout"],
    [500, "server"],
    [503, "server"],
    [429, "rate_limit"],
  ])("HTTP %i -> %s", (status, kind) => {
    expect(classifyError(apiError(status, "nope")).kind).toBe(kind);
  });

  it("recognises context-length wording from several servers", () => {
    for (const message of [
      "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
      "prompt is too long: 300000 tokens > 200000 maximum",
      "The number of tokens to keep from the initial prompt is greater than the context length",
    ]) {
      expect(classifyError(apiError(400, message)).kind).toBe("context_length");
    }
    const byCode = apiError(400, "Bad", { responseBody: '{"error":{"code":"context_length_exceeded"}}' });
    expect(classifyError(byCode).kind).toBe("context_length");
    expect(classifyError(apiError(400, "temperature must be at most 2")).kind).toBe("bad_request");
  });

  it("does not retry an exhausted quota", () => {
    const error = classifyError(
      apiError(429, "You exceeded your current quota", { responseBody: "insufficient_quota" }),
    );
    expect(error.retryable).toBe(false);
  });

  it("reads Retry-After as ms, seconds or an HTTP date", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(retryAfterMsFromHeaders({ "retry-after-ms": "250.5", "retry-after": "9" }, now)).toBe(251);
    expect(retryAfterMsFromHeaders({ "Retry-After": "3" }, now)).toBe(3000);
    expect(retryAfterMsFromHeaders({ "retry-after": "Tue, 01 Jan 2030 00:00:07 GMT" }, now)).toBe(7000);
    expect(retryAfterMsFromHeaders({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMsFromHeaders(undefined, now)).toBeUndefined();
    const limited = classifyError(apiError(429, "slow down", { responseHeaders: { "retry-after": "4" } }));
    expect(limited.retryAfterMs).toBe(4000);
  });

  it("maps fetch failures, aborts and missing keys", () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
    expect(classifyError(refused).kind).toBe("network");
    // Said in the reader's terms, the code kept for searching, one sentence (no ".;" when a retry is added).
    expect(classifyError(refused).message).toBe(
      "Could not reach the provider (ECONNREFUSED): nothing answers at its address (is the server running, with the base URL's host and port?).",
    );
    const unknownHost = new TypeError("fetch failed", {
      cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }),
    });
    expect(classifyError(unknownHost).message).toContain("its host name is not known here");
    expect(retryingIn(classifyError(refused).message, 2000)).toMatch(/port\?\); retrying in 2\.0 s$/);
    expect(retryingIn("The provider is overloaded.  ", 1250)).toBe(
      "The provider is overloaded; retrying in 1.3 s",
    );
    expect(classifyError(new DOMException("timed out", "TimeoutError")).kind).toBe("timeout");
    expect(
      classifyError(new DOMException("aborted", "AbortError"), { signal: AbortSignal.abort() }).kind,
    ).toBe("cancelled");
    expect(classifyError(new LoadAPIKeyError({ message: "missing" })).kind).toBe("auth");
    expect(classifyError(new Error("something odd")).retryable).toBe(false);
  });

  it("scrubs bearer tokens and key-shaped strings from provider messages", () => {
    const error = classifyError(
      apiError(401, "Incorrect API key provided: sk-proj-abcdefghijklmnop (Bearer xyz123)"),
    );
    expect(error.message).not.toContain("sk-proj-abcdefghijklmnop");
    expect(error.message).not.toContain("xyz123");
  });
});

describe("retryDelayMs", () => {
  const server = new ProviderError("server", "boom");

  it("backs off exponentially with full jitter under a cap", () => {
    expect(retryDelayMs(server, 1, () => 0.999999)).toBe(1000);
    expect(retryDelayMs(server, 1, () => 0)).toBe(0);
    expect(retryDelayMs(server, 3, () => 0.5)).toBe(2000);
    expect(retryDelayMs(server, 30, () => 0.999999)).toBe(60_000);
    expect(retryDelayMs(server, 4, () => 0.999999, { baseMs: 10, maxMs: 50 })).toBe(50);
    expect(retryDelayMs(server, 2, () => 0.5, { baseMs: 10 })).toBe(10);
  });

  it("spreads concurrent retries", () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(server, 5)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeLessThanOrEqual(16_000);
  });

  it("honours Retry-After with a little jitter on top", () => {
    const limited = new ProviderError("rate_limit", "slow down", { retryAfterMs: 5000 });
    expect(retryDelayMs(limited, 7, () => 0)).toBe(5000);
    expect(retryDelayMs(limited, 7, () => 0.999999)).toBe(5500);
    const absurd = new ProviderError("rate_limit", "slow down", { retryAfterMs: 86_400_000 });
    expect(retryDelayMs(absurd, 1, () => 0)).toBe(600_000);
  });
});

describe("TokenBucket", () => {
  let clock = 0;
  const now = () => clock;
  const advance = async (ms: number) => {
    clock += ms;
    await vi.advanceTimersByTimeAsync(ms);
  };
  const track = (promise: Promise<void>) => {
    const state = { done: false, error: undefined as unknown };
    promise.then(
      () => {
        state.done = true;
      },
      (error: unknown) => {
        state.error = error;
      },
    );
    return state;
  };

  beforeAll(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it("never waits when unlimited", async () => {
    const bucket = new TokenBucket(null, now);
    const t = track(bucket.take(1e9));
    await advance(0);
    expect(t.done).toBe(true);
  });

  it("lets a minute's worth through, then refills continuously", async () => {
    const bucket = new TokenBucket(600, now); // 10 tokens a second
    const first = track(bucket.take(600));
    await advance(0);
    expect(first.done).toBe(true);
    const second = track(bucket.take(100));
    await advance(9_999);
    expect(second.done).toBe(false);
    await advance(1);
    expect(second.done).toBe(true);
  });

  it("serves waiters in order, so a large take is not starved by small ones", async () => {
    const bucket = new TokenBucket(600, now);
    await bucket.take(600);
    const large = track(bucket.take(300));
    const small = track(bucket.take(10));
    await advance(29_999);
    expect(large.done).toBe(false);
    expect(small.done).toBe(false);
    await advance(1);
    expect(large.done).toBe(true);
    expect(small.done).toBe(false);
    await advance(1_000);
    expect(small.done).toBe(true);
  });

  it("lets a take larger than the bucket through once it is full, and charges the debt", async () => {
    const bucket = new TokenBucket(600, now);
    await bucket.take(600);
    const huge = track(bucket.take(1_200));
    await advance(59_999);
    expect(huge.done).toBe(false);
    await advance(1);
    expect(huge.done).toBe(true);
    expect(bucket.available()).toBeCloseTo(-600);
  });

  it("wakes a waiter early after a refund, and charges an overrun", async () => {
    const bucket = new TokenBucket(600, now);
    await bucket.take(600);
    const waiting = track(bucket.take(300));
    await advance(1_000); // 10 back
    bucket.adjust(-290); // the previous call used 290 fewer tokens than estimated
    await advance(0);
    expect(waiting.done).toBe(true);
    bucket.adjust(100);
    expect(bucket.available()).toBeCloseTo(-100);
  });

  it("rejects an aborted take and serves the next one", async () => {
    const bucket = new TokenBucket(600, now);
    await bucket.take(600);
    const controller = new AbortController();
    const aborted = track(bucket.take(500, controller.signal));
    const next = track(bucket.take(50));
    await advance(1_000);
    controller.abort(new Error("stop"));
    await advance(0);
    expect((aborted.error as Error).message).toBe("stop");
    await advance(4_000);
    expect(next.done).toBe(true);
    await expect(bucket.take(1, AbortSignal.abort(new Error("late")))).rejects.toThrow("late");
  });

  it("refuses a nonsensical limit", () => {
    expect(() => new TokenBucket(0)).toThrow(/positive/);
  });
});

// --- helpers -----------------------------------------------------------------------------------------------

function expectNoSecret(error: ProviderError, secret: string) {
  expect(error.message).not.toContain(secret);
  expect(String(error)).not.toContain(secret);
  expect(JSON.stringify(error)).not.toContain(secret);
  expect(error.stack ?? "").not.toContain(secret);
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>) {
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function freePort(): Promise<number> {
  const s = await startServer(() => {});
  const port = Number(new URL(s.url).port);
  await s.close();
  return port;
}
