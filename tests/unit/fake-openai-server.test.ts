import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANONICAL_TASK_TYPES, canonicalTaskType } from "@/lib/model/task-types";
import { rougeLF1 } from "@/lib/rouge";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";

// The fake server stands in for GPT-4 in integration tests and the benchmark, so its own behaviour is pinned
// down here over real HTTP.

const seedBlocks = [1, 2, 3]
  .map((n) =>
    [
      "###",
      `${n}. Type: Chat`,
      "Topic: Cardiology",
      "View: Patient",
      "Difficulty: 2",
      `Instruction: Seed ${n}.`,
      "Input: <noinput>",
    ].join("\n"),
  )
  .join("\n");
const OPEN_PROMPT = `Write 12 new tasks.\n${seedBlocks}\n###\n4. Type:`;

type Completion = {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: raw response JSON.
  json: any;
  text: string;
  finish: string;
};

async function chat(
  server: FakeServer,
  body: Record<string, unknown>,
  init: RequestInit = {},
): Promise<Completion> {
  const response = await fetch(`${server.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
    body: JSON.stringify({ model: "fake-gpt-4", ...body }),
    signal: init.signal,
  });
  const raw = await response.text();
  let json: Completion["json"] = null;
  try {
    json = JSON.parse(raw);
  } catch {
    json = raw;
  }
  return {
    status: response.status,
    headers: response.headers,
    json,
    text: json?.choices?.[0]?.message?.content ?? "",
    finish: json?.choices?.[0]?.finish_reason ?? "",
  };
}

const taskRequest = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [
    { role: "system", content: "You generate diverse medical tasks." },
    { role: "user", content },
  ],
  max_tokens: 8000,
  ...extra,
});

const instructions = (text: string) => [...text.matchAll(/^Instruction: (.*)$/gm)].map((m) => m[1] as string);

describe("fake OpenAI server: task generation", () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ seed: 3 });
  });
  afterAll(() => server.close());

  it("continues an open block header, then writes numbered blocks until the stop sequence", async () => {
    const r = await chat(server, taskRequest(OPEN_PROMPT, { stop: ["\n###\n16. Type:"] }));
    expect(r.status).toBe(200);
    expect(r.finish).toBe("stop");
    expect(r.text).toMatch(
      /^ [^\n]+\nTopic: [^\n]+\nView: [^\n]+\nDifficulty: [1-5]\nInstruction: [^\n]+\nInput: /,
    );
    expect(r.text).toContain("5. Type:");
    expect(r.text).toContain("15. Type:");
    expect(r.text).not.toContain("16. Type:");
    expect(instructions(r.text)).toHaveLength(12);
  });

  it("starts a full block when the prompt does not end on a header, and writes 12 without a stop", async () => {
    const r = await chat(server, taskRequest(`${seedBlocks}\n\nNow continue.`));
    expect(r.text.startsWith("###\n4. Type: ")).toBe(true);
    expect(instructions(r.text)).toHaveLength(12);
    expect(r.text).toContain("15. Type:");
    expect(r.text).not.toContain("16. Type:");
  });

  it("cuts at max_tokens with finish_reason length", async () => {
    const r = await chat(server, taskRequest(OPEN_PROMPT, { max_tokens: 100 }));
    expect(r.finish).toBe("length");
    expect(r.text.length).toBe(400);
    expect(r.json.usage.completion_tokens).toBe(100);
  });

  it("reports usage as about a token per four characters and echoes the model", async () => {
    const body = taskRequest(OPEN_PROMPT, { model: "my-model" });
    const r = await chat(server, body);
    const promptChars = body.messages.reduce((n, m) => n + m.content.length, 0);
    expect(r.json.usage.prompt_tokens).toBe(Math.ceil(promptChars / 4));
    expect(r.json.usage.completion_tokens).toBe(Math.ceil(r.text.length / 4));
    expect(r.json.model).toBe("my-model");
  });

  it("writes diverse instructions of 8-25 words over all ten types, with realistic mess", async () => {
    server.setOptions({ duplicateRate: 0 });
    const texts: string[] = [];
    while (texts.flatMap(instructions).length < 100) {
      texts.push((await chat(server, taskRequest(OPEN_PROMPT, { stop: ["16. Type:"] }))).text);
    }
    const all = texts.join("\n");
    const list = instructions(all).slice(0, 100);
    let max = 0;
    for (let i = 0; i < list.length; i++) {
      for (let j = 0; j < i; j++) max = Math.max(max, rougeLF1(list[i] as string, list[j] as string));
    }
    expect(max).toBeLessThan(0.7);
    for (const instruction of list) {
      const words = instruction.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(8);
      expect(words).toBeLessThanOrEqual(25);
    }
    const types = [...all.matchAll(/Type: (.*)$/gm)].map((m) => (m[1] as string).trim());
    expect(new Set(types.map(canonicalTaskType))).toEqual(new Set(CANONICAL_TASK_TYPES));
    expect(types.some((t) => !(CANONICAL_TASK_TYPES as readonly string[]).includes(t))).toBe(true);
    expect(all).toContain("Input: <noinput>");
    expect(all).toMatch(/potassium of \d+\.\d mmol\/L/);
    expect(all).toMatch(/View: (Patient|patient)\n/);
    expect(all).toMatch(/View: (Nurse|Physician|Medical Student)\n/);
  });

  it("repeats or nearly repeats earlier instructions at the duplicate rate", async () => {
    const dup = await startFakeOpenAIServer({ seed: 5, duplicateRate: 0.5 });
    try {
      const list: string[] = [];
      for (let i = 0; i < 5; i++)
        list.push(...instructions((await chat(dup, taskRequest(OPEN_PROMPT))).text));
      let near = 0;
      for (let i = 0; i < list.length; i++) {
        if (list.slice(0, i).some((earlier) => rougeLF1(list[i] as string, earlier) > 0.7)) near++;
      }
      // About half of the 59 after the first repeat something; allow for chance either way.
      expect(near).toBeGreaterThan(15);
      expect(near).toBeLessThan(45);
    } finally {
      await dup.close();
    }
  });

  it("gives the same answers for the same seed and request order", async () => {
    const a = await startFakeOpenAIServer({ seed: 99 });
    const b = await startFakeOpenAIServer({ seed: 99 });
    try {
      const [ra, rb] = [await chat(a, taskRequest(OPEN_PROMPT)), await chat(b, taskRequest(OPEN_PROMPT))];
      expect(ra.text).toBe(rb.text);
      expect(ra.text.length).toBeGreaterThan(500);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("fake OpenAI server: responses and protocol", () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ seed: 4, apiKey: "test-key-1" });
  });
  afterAll(() => server.close());
  const auth = { headers: { authorization: "Bearer test-key-1" } };

  it("answers multiple-choice questions with a closing letter, other questions without", async () => {
    const mc = await chat(
      server,
      {
        messages: [
          { role: "user", content: "Which drug treats gout?\nA. allopurinol\nB. insulin\nC. warfarin" },
        ],
      },
      auth,
    );
    expect(mc.text).toMatch(/ The answer is \([ABC]\)\.$/);
    const open = await chat(
      server,
      { messages: [{ role: "user", content: "Explain angina to a patient." }] },
      auth,
    );
    expect(open.text.length).toBeGreaterThan(40);
    expect(open.text).not.toContain("The answer is");
    expect(server.stats.responseRequests).toBe(2);
  });

  it("requires the API key when one is set", async () => {
    const r = await chat(server, { messages: [{ role: "user", content: "hi" }] });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe("invalid_api_key");
  });

  it("refuses streaming with an OpenAI-style error", async () => {
    const r = await chat(server, { stream: true, messages: [{ role: "user", content: "hi" }] }, auth);
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe("invalid_request_error");
  });

  it("lists models", async () => {
    const r = await fetch(`${server.baseUrl}/models`, auth);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toContain("fake-gpt-4");
  });

  it("logs requests with their bodies and headers", async () => {
    await chat(server, { messages: [{ role: "user", content: "logged?" }], temperature: 0.3 }, auth);
    const last = server.requests.at(-1);
    expect(last?.body.temperature).toBe(0.3);
    expect(last?.headers.authorization).toBe("Bearer test-key-1");
  });
});

describe("fake OpenAI server: faults", () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ seed: 8, faultRate: 1 });
  });
  afterAll(() => server.close());

  it("rate_limit: 429 with retry-after in seconds and milliseconds", async () => {
    server.setOptions({ faultKinds: ["rate_limit"], retryAfterMs: 1500 });
    const r = await chat(server, taskRequest(OPEN_PROMPT));
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("2");
    expect(r.headers.get("retry-after-ms")).toBe("1500");
    expect(r.json.error.code).toBe("rate_limit_exceeded");
  });

  it("server_error: 500, 502 and 503 in turn", async () => {
    server.setOptions({ faultKinds: ["server_error"] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat(server, taskRequest(OPEN_PROMPT))).status);
    expect(statuses).toEqual([500, 502, 503]);
  });

  it("context_length: 400 with OpenAI's code", async () => {
    server.setOptions({ faultKinds: ["context_length"] });
    const r = await chat(server, taskRequest(OPEN_PROMPT));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "context_length_exceeded", type: "invalid_request_error" });
    expect(r.json.error.message).toMatch(/maximum context length is 4097 tokens/);
  });

  it("malformed: a 200 of prose without blocks, or an empty answer to a response request", async () => {
    server.setOptions({ faultKinds: ["malformed"] });
    const task = await chat(server, taskRequest(OPEN_PROMPT));
    expect(task.status).toBe(200);
    expect(task.text.length).toBeGreaterThan(20);
    expect(task.text).not.toMatch(/Type:|Instruction:|###/);
    const answer = await chat(server, { messages: [{ role: "user", content: "Explain gout." }] });
    expect(answer.text).toBe("");
  });

  it("truncated: finish_reason length and the last block cut inside its instruction", async () => {
    server.setOptions({ faultKinds: ["truncated"] });
    const r = await chat(server, taskRequest(OPEN_PROMPT, { stop: ["\n###\n10. Type:"] }));
    expect(r.finish).toBe("length");
    const lastBlock = r.text.slice(r.text.lastIndexOf("Type:"));
    expect(lastBlock).toContain("Instruction: ");
    expect(lastBlock).not.toContain("Input:");
    expect(lastBlock).not.toMatch(/[.?]$/);
  });

  it("timeout: hangs, then answers; close() ends a hanging request at once", async () => {
    server.setOptions({ faultKinds: ["timeout"], timeoutHangMs: 300 });
    const started = Date.now();
    const r = await chat(server, taskRequest(OPEN_PROMPT));
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    const hanging = await startFakeOpenAIServer({
      faultRate: 1,
      faultKinds: ["timeout"],
      timeoutHangMs: 60_000,
    });
    const pending = chat(hanging, taskRequest(OPEN_PROMPT)).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = Date.now();
    await hanging.close();
    await pending;
    expect(Date.now() - closing).toBeLessThan(2000);
  });

  it("counts faults by kind", () => {
    expect(server.stats.faults).toMatchObject({
      rate_limit: 1,
      server_error: 3,
      context_length: 1,
      malformed: 2,
      truncated: 1,
      timeout: 1,
    });
  });

  it("draws faults at the configured rate from the default kinds", async () => {
    const mixed = await startFakeOpenAIServer({ seed: 2, faultRate: 0.3, timeoutHangMs: 0 });
    try {
      for (let i = 0; i < 100; i++) await chat(mixed, taskRequest(OPEN_PROMPT, { max_tokens: 50 }));
      const total = Object.values(mixed.stats.faults).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(15);
      expect(total).toBeLessThan(45);
      expect(mixed.stats.faults.context_length).toBe(0);
      expect(mixed.stats.taskRequests).toBe(100);
    } finally {
      await mixed.close();
    }
  });
});

describe("fake OpenAI server: concurrency", () => {
  it("serves 32 concurrent requests in about one latency", async () => {
    const server = await startFakeOpenAIServer({ latencyMs: 300 });
    try {
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: 32 }, () => chat(server, taskRequest(OPEN_PROMPT))),
      );
      const elapsed = Date.now() - started;
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(1500);
      expect(server.stats.maxConcurrent).toBe(32);
    } finally {
      await server.close();
    }
  });
});
