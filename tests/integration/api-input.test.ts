import { describe, expect, it, vi } from "vitest";
import { POST as startEvalRunRoute } from "@/app/api/v1/evaluation/runs/route";
import { GET as exportDownloadRoute } from "@/app/api/v1/exports/[id]/download/route";
import { POST as createExportRoute } from "@/app/api/v1/exports/route";
import { POST as startJobRoute } from "@/app/api/v1/generation/jobs/route";
import { GET as getSeedRoute, PATCH as patchSeedRoute } from "@/app/api/v1/seeds/[id]/route";
import { POST as createSeedRoute, GET as listSeedsRoute } from "@/app/api/v1/seeds/route";
import { POST as createUserRoute } from "@/app/api/v1/users/route";
import { openApiDocument } from "@/lib/api/openapi";
import { createApiToken } from "@/lib/auth/api-token";
import { listRecords } from "@/lib/dataset/records";
import { db } from "@/lib/db";
import type { Role } from "@/lib/model/roles";
import { createSeedAction } from "@/lib/seeds/actions";
import { listSeeds } from "@/lib/seeds/list";
import { recordQuerySchema } from "@/lib/validation/dataset";
import { seedListQuerySchema } from "@/lib/validation/seed-list";
import { makeUser, uniqueEmail } from "../support/factories";
import { signInAs } from "../support/session";

// Input hygiene at the API's edge (issue 12): text that cannot be stored, bodies over the limit, strict
// numbers and parameters, and no-store on every answer. Each case here was a 500, a silent change of the
// text, or a silently accepted value before.

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const BASE = "http://localhost/api/v1";
/** The stated limit for JSON bodies (README, OpenAPI): 1 MB. */
const MAX_JSON_BODY_BYTES = 1024 * 1024;
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function tokenFor(roles: Role[]) {
  const user = await makeUser({ roles });
  return { user, token: (await createApiToken(user.id, "test")).token };
}
const auth = (token: string, json = false): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  ...(json ? { "content-type": "application/json" } : {}),
});
const post = (
  route: (req: Request) => Promise<Response>,
  path: string,
  token: string,
  body: BodyInit,
  headers: Record<string, string> = {},
) =>
  route(
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: { ...auth(token, true), ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit),
  );
const list = (token: string, query: string) =>
  listSeedsRoute(new Request(`${BASE}/seeds${query}`, { headers: auth(token) }));

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  return body.error as { code: string; message: string; fields?: Record<string, string[]> };
}

const seed = (over: Record<string, unknown> = {}) => ({
  instruction: `Explain the Wells score for pulmonary embolism, case ${Math.random()}.`,
  topic: "Pulmonology",
  view: "Resident",
  taskType: "Open Q&A",
  difficulty: 3,
  ...over,
});
const seedsBy = (authorId: string) => db.seedTask.count({ where: { authorId } });

describe("text that cannot be stored is refused with a 400 naming the field", () => {
  it("NUL and lone surrogates in any body field, nested ones too; nothing is written", async () => {
    const { user, token } = await tokenFor(["AUTHOR"]);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [seed({ instruction: "Explain\u0000 this." }), "instruction", /instruction.*NUL/],
      [seed({ note: "half a pair \ud800 here" }), "note", /note.*surrogate/],
      [seed({ input: "\udc00 at the start" }), "input", /input.*surrogate/],
      [seed({ topic: "Cardio\u0000logy" }), "topic", /topic.*NUL/],
    ];
    for (const [body, field, message] of cases) {
      const error = await expectError(
        await post(createSeedRoute, "/seeds", token, JSON.stringify(body)),
        400,
        "INVALID",
      );
      expect(error.fields, field).toHaveProperty(field);
      expect(error.message).toMatch(message);
    }
    expect(await seedsBy(user.id)).toBe(0);

    const admin = await tokenFor(["ADMIN"]);
    const nested = await expectError(
      await post(
        startJobRoute,
        "/generation/jobs",
        admin.token,
        JSON.stringify({ exportId: "x", settings: { taskModel: "gpt\u00004" } }),
      ),
      400,
      "INVALID",
    );
    expect(nested.message).toContain("settings.taskModel");
    expect(nested.fields).toHaveProperty("settings");
  });

  it("a well-formed pair (an emoji) and ordinary accents are kept as sent", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    const res = await post(
      createSeedRoute,
      "/seeds",
      token,
      JSON.stringify(seed({ note: "Ménière’s 🩺 follow-up" })),
    );
    expect(res.status).toBe(201);
    expect((await res.json()).data.note).toBe("Ménière’s 🩺 follow-up");
  });

  it("a body that is not valid UTF-8 is refused, not stored with U+FFFD in its place", async () => {
    const { user, token } = await tokenFor(["AUTHOR"]);
    const json = Buffer.from(JSON.stringify(seed({ note: "caf__" })), "utf8");
    const at = json.indexOf("__");
    json[at] = 0xc3; // a lead byte followed by "(" is not UTF-8
    json[at + 1] = 0x28;
    const error = await expectError(await post(createSeedRoute, "/seeds", token, json), 400, "INVALID");
    expect(error.message).toMatch(/UTF-8/);
    expect(await seedsBy(user.id)).toBe(0);
  });

  it("query values: %00, bad percent-escapes and invalid UTF-8 are a 400 naming the parameter", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    for (const [query, param] of [
      ["?q=%00", "q"],
      ["?author=a%00b", "author"],
      ["?q=%C0%AF", "q"], // an overlong "/"
      ["?topic=%ED%A0%80", "topic"], // a UTF-8-encoded lone surrogate
      ["?q=%EF%BF%BD", "q"], // U+FFFD: what Next's server leaves of such bytes before the route sees them
      ["?q=100%", "q"],
    ]) {
      const error = await expectError(await list(token, query as string), 400, "INVALID");
      expect(error.fields, query).toHaveProperty(param as string);
      expect(error.message, query).toContain(param as string);
    }
    expect((await list(token, "?q=M%C3%A9ni%C3%A8re")).status).toBe(200);
  });

  it("a path parameter with a NUL is a 400, not a database error", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    const res = await getSeedRoute(
      new Request(`${BASE}/seeds/x%00`, { headers: auth(token) }),
      ctx("x\u0000"),
    );
    expect((await expectError(res, 400, "INVALID")).fields).toHaveProperty("id");
  });

  it("server actions refuse the same text, naming the field", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const form = new FormData();
    form.set("instruction", "Explain\u0000 this.");
    const result = await createSeedAction(form);
    expect(result).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { instruction: expect.any(Array) },
    });
    expect(await seedsBy(author.id)).toBe(0);
  });
});

describe("request body limit", () => {
  const big = (bytes: number) => JSON.stringify(seed({ note: "x".repeat(bytes) }));

  it("a body declared larger than the limit is 413 before anything is read", async () => {
    const { user, token } = await tokenFor(["AUTHOR"]);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(new TextEncoder().encode(big(MAX_JSON_BODY_BYTES + 10)));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const res = await post(createSeedRoute, "/seeds", token, body, {
      "content-length": String(MAX_JSON_BODY_BYTES + 10),
    });
    const error = await expectError(res, 413, "TOO_LARGE");
    expect(error.message).toMatch(/1 MB/);
    expect(pulled).toBe(0);
    expect(await seedsBy(user.id)).toBe(0);
    // The same body sent whole (no stream) is refused too.
    await expectError(
      await post(createSeedRoute, "/seeds", token, big(MAX_JSON_BODY_BYTES + 10)),
      413,
      "TOO_LARGE",
    );
  });

  it("a chunked body without Content-Length is cut off at the limit: 413, the rest never read", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 20 * MAX_JSON_BODY_BYTES) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await post(createSeedRoute, "/seeds", token, endless);
    await expectError(res, 413, "TOO_LARGE");
    expect(pulled).toBeLessThan(2 * MAX_JSON_BODY_BYTES);
  });

  it("a body just under the limit is read as usual", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    // JSON's own white space: an unknown field to pad with is refused now
    const body = `${JSON.stringify(seed())}${" ".repeat(MAX_JSON_BODY_BYTES - 1_000)}`;
    expect((await post(createSeedRoute, "/seeds", token, body)).status).toBe(201);
  });
});

describe("strict numbers and parameters", () => {
  it("difficulty: only the whole numbers 1 to 5, as a number or plain digits", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    for (const difficulty of ["0x3", "3e0", " 4 ", "4.0", "+2", 3.5, "", "٣"]) {
      const res = await post(createSeedRoute, "/seeds", token, JSON.stringify(seed({ difficulty })));
      if (difficulty === "") {
        expect(res.status, "empty means not set").toBe(201);
        continue;
      }
      const error = await expectError(res, 400, "INVALID");
      expect(error.fields, JSON.stringify(difficulty)).toHaveProperty("difficulty");
    }
    for (const difficulty of [3, "3"]) {
      const res = await post(createSeedRoute, "/seeds", token, JSON.stringify(seed({ difficulty })));
      expect(res.status).toBe(201);
      expect((await res.json()).data.difficulty).toBe(3);
    }
  });

  it("version: a plain whole number only", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    const created = await post(createSeedRoute, "/seeds", token, JSON.stringify(seed()));
    const { id } = (await created.json()).data;
    const patch = (version: unknown) =>
      patchSeedRoute(
        new Request(`${BASE}/seeds/${id}`, {
          method: "PATCH",
          headers: auth(token, true),
          body: JSON.stringify({ version, note: "changed" }),
        }),
        ctx(id),
      );
    for (const version of ["0x1", "1e0", " 1"]) {
      expect((await expectError(await patch(version), 400, "INVALID")).fields).toHaveProperty("version");
    }
    expect((await patch("1")).status).toBe(200);
  });

  it("limit and difficulty in the query: plain decimal integers in range", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    for (const [query, param] of [
      ["?limit=1e2", "limit"],
      ["?limit=0x10", "limit"],
      ["?limit=%2010", "limit"],
      ["?limit=10.0", "limit"],
      ["?difficulty=0x3", "difficulty"],
      ["?difficulty=3e0", "difficulty"],
      ["?difficulty=2,%204", "difficulty"],
    ]) {
      const error = await expectError(await list(token, query as string), 400, "INVALID");
      expect(error.fields, query).toHaveProperty(param as string);
    }
    expect((await list(token, "?limit=100&difficulty=2,4")).status).toBe(200);
  });

  it("an unknown query parameter is a 400 naming it; every documented one is accepted", async () => {
    const { user, token } = await tokenFor(["AUTHOR"]);
    const typo = await expectError(await list(token, "?limti=5"), 400, "INVALID");
    expect(typo.fields).toHaveProperty("limti");
    expect(typo.message).toContain('"limti"');
    expect(typo.message).toContain("limit");
    const none = await expectError(
      await getSeedRoute(new Request(`${BASE}/seeds/x?verbose=1`, { headers: auth(token) }), ctx("x")),
      400,
      "INVALID",
    );
    expect(none.fields).toHaveProperty("verbose");

    const documented = openApiDocument().paths["/api/v1/seeds"]?.get?.parameters ?? [];
    const values: Record<string, string> = {
      limit: "5",
      status: "DRAFT",
      topic: "Pulmonology",
      view: "Resident",
      type: "Open Q&A",
      difficulty: "3",
      author: user.email,
      q: "Wells",
      source: "GUIDELINE",
      licence: "CC-BY-4.0",
    };
    const first = await list(token, `?${new URLSearchParams({ ...values })}`);
    expect(first.status).toBe(200);
    const all = new URLSearchParams({ ...values, cursor: (await first.json()).nextCursor ?? "" });
    expect(documented.map((p) => p.name).sort()).toEqual([...all.keys()].sort());
    expect((await list(token, `?${all}`)).status).toBe(200);
  });
});

describe("body fields the endpoint does not know", () => {
  it("a job's settings at the top level are a 400 naming them, not a job started with the defaults", async () => {
    const admin = await tokenFor(["ADMIN"]);
    const jobs = () => db.generationJob.count();
    const before = await jobs();
    // The walk that found it: 201 Created, a job on OpenAI with target 100 and no budget cap.
    const misplaced = await expectError(
      await post(
        startJobRoute,
        "/generation/jobs",
        admin.token,
        JSON.stringify({ exportId: "x", target: 0, budgetUsd: -1, provider: { kind: "openai-compatible" } }),
      ),
      400,
      "INVALID",
    );
    expect(misplaced.message).toContain('Unknown fields "target", "budgetUsd", "provider"');
    expect(misplaced.message).toContain("takes exportId, settings");
    expect(misplaced.fields).toHaveProperty("target");
    // A typo inside the settings: a budget cap that would not have been read.
    const typo = await expectError(
      await post(
        startJobRoute,
        "/generation/jobs",
        admin.token,
        JSON.stringify({
          exportId: "x",
          settings: { budget: 5, provider: { kind: "openai", apiKey: "sk-x" } },
        }),
      ),
      400,
      "INVALID",
    );
    expect(typo.message).toContain('Unknown fields "settings.budget", "settings.provider.apiKey"');
    expect(typo.message).toContain("budgetUsd");
    expect(typo.message).not.toContain("sk-x");
    expect(await jobs()).toBe(before);
  });

  it("a field named like an object's own property is unknown too (it was a 500), and a run's candidate is closed", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    for (const name of ["constructor", "toString", "__proto__"]) {
      const body = `{"instruction": "Explain the Wells score.", "topic": "Pulmonology", "${name}": {}}`;
      const error = await expectError(await post(createSeedRoute, "/seeds", token, body), 400, "INVALID");
      expect(error.message).toContain(`Unknown field "${name}"`);
    }
    const admin = await tokenFor(["ADMIN"]);
    const nested = await expectError(
      await post(
        startJobRoute,
        "/generation/jobs",
        admin.token,
        JSON.stringify({ exportId: "x", settings: { hasOwnProperty: 1 } }),
      ),
      400,
      "INVALID",
    );
    expect(nested.message).toContain('Unknown field "settings.hasOwnProperty"');
    // A key in the candidate (a union, which the walk does not enter) was dropped; the run used the worker's key.
    const run = await expectError(
      await post(
        startEvalRunRoute,
        "/evaluation/runs",
        admin.token,
        JSON.stringify({
          testset: "none",
          reference: "gpt-4",
          candidate: { model: "med-7b", baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-should-not-vanish" },
          judgeModel: "gpt-4",
        }),
      ),
      400,
      "INVALID",
    );
    expect(run.message).toContain('candidate: Unrecognized key: "apiKey"');
    expect(run.message).not.toContain("sk-should-not-vanish");
  });

  it("an edit with a misspelt field is refused, not saved without it; every field the schema takes is read", async () => {
    const { user, token } = await tokenFor(["AUTHOR"]);
    const made = await post(createSeedRoute, "/seeds", token, JSON.stringify(seed()));
    expect(made.status).toBe(201);
    const { data } = (await made.json()) as { data: { id: string; version: number } };
    const patch = (body: Record<string, unknown>) =>
      patchSeedRoute(
        new Request(`${BASE}/seeds/${data.id}`, {
          method: "PATCH",
          headers: auth(token, true),
          body: JSON.stringify(body),
        }),
        ctx(data.id),
      );
    const error = await expectError(
      await patch({ version: data.version, instrution: "Explain the Wells score again." }),
      400,
      "INVALID",
    );
    expect(error.message).toContain('Unknown field "instrution"');
    expect(error.message).toContain("instruction");
    expect(error.fields).toHaveProperty("instrution");
    // Ten edits in a row with the fields as named all land (the check reads the schema, not a list of its own).
    let version = data.version;
    for (let n = 1; n <= 10; n++) {
      const res = await patch({
        version,
        instruction: `Explain the Wells score, edit ${n}.`,
        difficulty: 1 + (n % 5),
      });
      expect(res.status, `edit ${n}`).toBe(200);
      version = ((await res.json()) as { data: { version: number } }).data.version;
    }
    const stored = await db.seedTask.findFirstOrThrow({ where: { authorId: user.id } });
    expect(stored.instruction).toBe("Explain the Wells score, edit 10.");
  });
});

describe("roles in POST /users", () => {
  it("accepts the role names in any letter case, stored as the enum", async () => {
    const admin = await tokenFor(["ADMIN"]);
    const create = (roles: unknown) =>
      post(
        createUserRoute,
        "/users",
        admin.token,
        JSON.stringify({ email: uniqueEmail("roles"), password: "a long password", roles }),
      );
    const res = await create(["author", "Reviewer"]);
    expect(res.status).toBe(201);
    expect((await res.json()).data.roles.sort()).toEqual(["AUTHOR", "REVIEWER"]);
    expect((await create("admin")).status).toBe(201);
    const error = await expectError(await create(["editor"]), 400, "INVALID");
    expect(error.message).toContain('"editor"');
    expect(error.message).toContain("author, reviewer or admin (any letter case)");
  });
});

describe("Cache-Control", () => {
  it("every API answer carrying data or errors is no-store, downloads included", async () => {
    const { token } = await tokenFor(["AUTHOR"]);
    expect((await list(token, "")).headers.get("cache-control")).toBe("no-store");
    expect((await list(token, "?limit=0")).headers.get("cache-control")).toBe("no-store");
    expect((await listSeedsRoute(new Request(`${BASE}/seeds`))).headers.get("cache-control")).toBe(
      "no-store",
    );
    const created = await post(createSeedRoute, "/seeds", token, JSON.stringify(seed()));
    expect(created.headers.get("cache-control")).toBe("no-store");

    const reviewer = await tokenFor(["REVIEWER"]);
    const author = await tokenFor(["AUTHOR"]);
    const { id } = (
      await (await post(createSeedRoute, "/seeds", author.token, JSON.stringify(seed()))).json()
    ).data;
    await db.seedTask.update({ where: { id }, data: { status: "APPROVED", topic: `Only ${id}` } });
    const made = await post(
      createExportRoute,
      "/exports",
      reviewer.token,
      JSON.stringify({ format: "csv", filter: { topic: `Only ${id}` } }),
    );
    expect(made.status).toBe(201);
    const exportId = (await made.json()).data.id;
    const download = await exportDownloadRoute(
      new Request(`${BASE}/exports/${exportId}/download`, { headers: auth(reviewer.token) }),
      ctx(exportId),
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("cache-control")).toBe("no-store");
    await download.arrayBuffer();
  });
});

describe("the list pages' URL filters", () => {
  // Pages do not answer 400: a filter value that cannot be searched is dropped, as other bad values are.
  it("a NUL in a seed or record filter is dropped instead of reaching the database", async () => {
    const seeds = seedListQuerySchema.parse({ q: "a\u0000b", topic: "x\u0000", author: "\u0000", view: "V" });
    expect(seeds).toMatchObject({ q: undefined, topic: undefined, author: undefined, view: "V" });
    await expect(listSeeds(seeds)).resolves.toBeDefined();
    const records = recordQuerySchema.parse({ q: "a\u0000b", job: "\u0000", topic: "x\u0000" });
    expect(records).toMatchObject({ q: undefined, job: undefined, topic: undefined });
    await expect(listRecords(records)).resolves.toBeDefined();
  });

  it("difficulty in the page URL is as strict as in the API: 0x3 is no filter, not 3", () => {
    expect(seedListQuerySchema.parse({ difficulty: "0x3" }).difficulty).toEqual([]);
    expect(seedListQuerySchema.parse({ difficulty: "2,4" }).difficulty).toEqual([2, 4]);
    expect(recordQuerySchema.parse({ difficulty: "3e0" }).difficulty).toBeUndefined();
    expect(recordQuerySchema.parse({ difficulty: "3" }).difficulty).toBe(3);
  });
});
