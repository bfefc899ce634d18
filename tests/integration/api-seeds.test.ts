import { describe, expect, it, vi } from "vitest";
import { POST as reviewRoute } from "@/app/api/v1/seeds/[id]/review/route";
import { GET as getSeedRoute, PATCH as patchSeedRoute } from "@/app/api/v1/seeds/[id]/route";
import { POST as submitRoute } from "@/app/api/v1/seeds/[id]/submit/route";
import { POST as createSeedRoute, GET as listSeedsRoute } from "@/app/api/v1/seeds/route";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import type { Role } from "@/lib/model/roles";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

// Requests carry Bearer tokens; the session seam is mocked only so that "no token at all" falls through to
// "no session" (outside Next there is no cookie store to read).
vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// Own database: the approvals setting is global, and the list tests count rows.
isolateDatabase();

const BASE = "http://localhost/api/v1/seeds";

async function caller(roles: Role[]) {
  const user = await makeUser({ roles });
  const { token } = await createApiToken(user.id, "test");
  return { user, token };
}

type Caller = { token: string };
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const headers = (who: Caller | null, json = false): Record<string, string> => ({
  ...(who ? { authorization: `Bearer ${who.token}` } : {}),
  ...(json ? { "content-type": "application/json" } : {}),
});

const api = {
  list: (who: Caller | null, query = "") =>
    listSeedsRoute(new Request(`${BASE}${query}`, { headers: headers(who) })),
  create: (who: Caller | null, body: unknown) =>
    createSeedRoute(
      new Request(BASE, { method: "POST", headers: headers(who, true), body: JSON.stringify(body) }),
    ),
  get: (who: Caller | null, id: string) =>
    getSeedRoute(new Request(`${BASE}/${id}`, { headers: headers(who) }), ctx(id)),
  patch: (who: Caller | null, id: string, body: unknown) =>
    patchSeedRoute(
      new Request(`${BASE}/${id}`, {
        method: "PATCH",
        headers: headers(who, true),
        body: JSON.stringify(body),
      }),
      ctx(id),
    ),
  submit: (who: Caller | null, id: string, body: unknown) =>
    submitRoute(
      new Request(`${BASE}/${id}/submit`, {
        method: "POST",
        headers: headers(who, true),
        body: JSON.stringify(body),
      }),
      ctx(id),
    ),
  review: (who: Caller | null, id: string, body: unknown) =>
    reviewRoute(
      new Request(`${BASE}/${id}/review`, {
        method: "POST",
        headers: headers(who, true),
        body: JSON.stringify(body),
      }),
      ctx(id),
    ),
};

const complete = (n: number | string = Math.random()) => ({
  instruction: `Explain the first-line management of community-acquired pneumonia, case ${n}.`,
  topic: "Pulmonology",
  view: "Resident",
  taskType: "Open Q&A",
  difficulty: 3,
});

async function created(who: Caller, body: unknown = complete()) {
  const res = await api.create(who, body);
  expect(res.status).toBe(201);
  return (await res.json()).data as { id: string; version: number; status: string };
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  return body.error as { code: string; message: string; fields?: Record<string, string[]> };
}

describe("/api/v1/seeds authentication", () => {
  it("no token: 401 on every endpoint, as JSON", async () => {
    await expectError(await api.list(null), 401, "UNAUTHENTICATED");
    await expectError(await api.create(null, complete()), 401, "UNAUTHENTICATED");
    await expectError(await api.get(null, "x"), 401, "UNAUTHENTICATED");
    await expectError(await api.patch(null, "x", { version: 1 }), 401, "UNAUTHENTICATED");
    await expectError(await api.submit(null, "x", { version: 1 }), 401, "UNAUTHENTICATED");
    await expectError(await api.review(null, "x", { version: 1, action: "approve" }), 401, "UNAUTHENTICATED");
  });

  it("a revoked token, an unknown token and a malformed header are 401", async () => {
    const author = await caller(["AUTHOR"]);
    expect((await api.list(author)).status).toBe(200);
    const row = await db.apiToken.findFirstOrThrow({ where: { userId: author.user.id } });
    await revokeApiToken(author.user.id, row.id);
    await expectError(await api.list(author), 401, "UNAUTHENTICATED");
    await expectError(await api.list({ token: "msd_not-a-real-token" }), 401, "UNAUTHENTICATED");
    const basic = await listSeedsRoute(
      new Request(BASE, { headers: { authorization: "Basic Zm9vOmJhcg==" } }),
    );
    await expectError(basic, 401, "UNAUTHENTICATED");
  });

  it("an author's token approving is 403 and changes nothing", async () => {
    const author = await caller(["AUTHOR"]);
    const other = await caller(["AUTHOR"]);
    const seed = await created(other);
    expect((await api.submit(other, seed.id, { version: 1 })).status).toBe(200);
    const error = await expectError(
      await api.review(author, seed.id, { version: 1, action: "approve" }),
      403,
      "FORBIDDEN",
    );
    expect(error.message).toMatch(/seed\.approve/);
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: seed.id } })).status).toBe("SUBMITTED");
  });

  it("a reviewer's token cannot create or edit tasks (403)", async () => {
    const reviewer = await caller(["REVIEWER"]);
    const author = await caller(["AUTHOR"]);
    const seed = await created(author);
    await expectError(await api.create(reviewer, complete()), 403, "FORBIDDEN");
    await expectError(await api.patch(reviewer, seed.id, { version: 1, note: "x" }), 403, "FORBIDDEN");
    await expectError(await api.submit(reviewer, seed.id, { version: 1 }), 403, "FORBIDDEN");
  });
});

describe("POST /api/v1/seeds", () => {
  it("creates a draft as the token's owner, with vocabulary folding; 201 with Location", async () => {
    const author = await caller(["AUTHOR"]);
    const res = await api.create(author, {
      ...complete("create"),
      topic: "  Pulmonology ",
      input: "<noinput>",
    });
    expect(res.status).toBe(201);
    const { data } = await res.json();
    expect(res.headers.get("location")).toBe(`/api/v1/seeds/${data.id}`);
    expect(data).toMatchObject({
      status: "DRAFT",
      version: 1,
      authorId: author.user.id,
      authorEmail: author.user.email,
      topic: "Pulmonology",
      input: "",
      difficulty: 3,
    });
    expect(new Date(data.createdAt).toISOString()).toBe(data.createdAt);
    expect(await db.seedTask.count({ where: { id: data.id, authorId: author.user.id } })).toBe(1);
  });

  it("a bad body is 400 naming each field; a non-JSON body is 400", async () => {
    const author = await caller(["AUTHOR"]);
    const error = await expectError(
      await api.create(author, { instruction: "", difficulty: 9, note: "x".repeat(2_001) }),
      400,
      "INVALID",
    );
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["difficulty", "instruction", "note"]);
    const plain = await createSeedRoute(
      new Request(BASE, {
        method: "POST",
        headers: { authorization: `Bearer ${author.token}`, "content-type": "text/plain" },
        body: JSON.stringify(complete()),
      }),
    );
    await expectError(plain, 400, "INVALID");
  });
});

describe("GET /api/v1/seeds", () => {
  it("pages by cursor, newest update first, ties broken by id, without gaps or repeats", async () => {
    const author = await caller(["AUTHOR"]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await created(author, complete(`page ${i}`))).id);
    // Three share one updatedAt: the id decides their order, and the cursor must not skip or repeat them.
    const tie = new Date("2030-01-01T00:00:00.123Z");
    await db.seedTask.updateMany({ where: { id: { in: ids.slice(0, 3) } }, data: { updatedAt: tie } });
    await db.seedTask.updateMany({
      where: { id: { in: ids.slice(3) } },
      data: { updatedAt: new Date("2029-06-01T00:00:00Z") },
    });
    const expected = [...ids.slice(0, 3).sort().reverse(), ...ids.slice(3).sort().reverse()];

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?author=${encodeURIComponent(author.user.email)}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await api.list(author, query);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((s: { id: string }) => s.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it("applies the seed list's filters and returns whole tasks", async () => {
    const author = await caller(["AUTHOR"]);
    const a = await created(author, { ...complete("alpha"), difficulty: 1, topic: "Cardiology" });
    const b = await created(author, { ...complete("bravo"), difficulty: 5 });
    expect((await api.submit(author, b.id, { version: 1 })).status).toBe(200);
    const who = `author=${encodeURIComponent(author.user.id)}`;

    const ids = async (query: string) => {
      const res = await api.list(author, `?${who}&${query}`);
      expect(res.status).toBe(200);
      return (await res.json()).data.map((s: { id: string }) => s.id).sort();
    };
    expect(await ids("status=SUBMITTED")).toEqual([b.id]);
    expect(await ids("status=DRAFT,SUBMITTED")).toEqual([a.id, b.id].sort());
    expect(await ids("status=DRAFT&status=SUBMITTED")).toEqual([a.id, b.id].sort());
    expect(await ids("difficulty=1")).toEqual([a.id]);
    expect(await ids("topic=Cardiology")).toEqual([a.id]);
    expect(await ids("q=pneumonia%20bravo")).toEqual([b.id]);

    const full = (await (await api.list(author, `?${who}&difficulty=1`)).json()).data[0];
    expect(full).toMatchObject({ id: a.id, instruction: expect.stringContaining("alpha"), note: "" });
  });

  it("bad limits, statuses and cursors are 400 naming the parameter; limit defaults to 50", async () => {
    const author = await caller(["AUTHOR"]);
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?limit=201", "limit"],
      ["?limit=ten", "limit"],
      ["?status=DONE", "status"],
      ["?difficulty=7", "difficulty"],
      ["?cursor=bm9wZQ", "cursor"],
      ["?cursor=%5B%5D", "cursor"],
    ] as const) {
      const error = await expectError(await api.list(author, query), 400, "INVALID");
      expect(error.fields, query).toHaveProperty(field);
    }
    const res = await api.list(author, "?limit=");
    expect(res.status).toBe(200);
    expect((await res.json()).data.length).toBeLessThanOrEqual(50);
  });
});

describe("GET and PATCH /api/v1/seeds/{id}", () => {
  it("GET returns the task with its revisions, newest first; unknown ids are 404", async () => {
    const author = await caller(["AUTHOR"]);
    const reviewer = await caller(["REVIEWER"]);
    const seed = await created(author);
    expect((await api.patch(author, seed.id, { version: 1, note: "second" })).status).toBe(200);
    const res = await api.get(reviewer, seed.id);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data).toMatchObject({ id: seed.id, version: 2, note: "second" });
    expect(data.revisions.map((r: { version: number; change: string }) => [r.version, r.change])).toEqual([
      [2, "edit"],
      [1, "create"],
    ]);
    expect(data.revisions[0].editor).toBe(author.user.email);
    await expectError(await api.get(reviewer, "no-such-seed"), 404, "NOT_FOUND");
  });

  it("PATCH changes only the fields sent, needs the current version, and refuses others' tasks", async () => {
    const author = await caller(["AUTHOR"]);
    const other = await caller(["AUTHOR"]);
    const seed = await created(author, { ...complete("patch"), input: "Age 70, CURB-65 of 3", note: "keep" });

    const res = await api.patch(author, seed.id, { version: 1, difficulty: 4 });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({
      version: 2,
      difficulty: 4,
      input: "Age 70, CURB-65 of 3",
      note: "keep",
      topic: "Pulmonology",
    });

    const stale = await expectError(
      await api.patch(author, seed.id, { version: 1, note: "late" }),
      409,
      "CONFLICT",
    );
    expect(stale.message).toMatch(/version 2/);
    const noVersion = await expectError(await api.patch(author, seed.id, { note: "x" }), 400, "INVALID");
    expect(noVersion.fields).toHaveProperty("version");
    const blank = await expectError(
      await api.patch(author, seed.id, { version: 2, instruction: " " }),
      400,
      "INVALID",
    );
    expect(blank.fields).toHaveProperty("instruction");
    await expectError(await api.patch(other, seed.id, { version: 2, note: "mine now" }), 404, "NOT_FOUND");
    await expectError(await api.patch(author, "no-such-seed", { version: 1 }), 404, "NOT_FOUND");

    const row = await db.seedTask.findUniqueOrThrow({ where: { id: seed.id } });
    expect(row).toMatchObject({ version: 2, note: "keep", difficulty: 4 });
  });

  it("PATCH ten times in a row, each with the version the last answer returned: all land, all kept", async () => {
    const author = await caller(["AUTHOR"]);
    const seed = await created(author, complete("repeat"));
    let version = 1;
    for (let i = 1; i <= 10; i++) {
      const res = await api.patch(author, seed.id, { version, note: `pass ${i}`, difficulty: (i % 5) + 1 });
      expect(res.status, `PATCH ${i}`).toBe(200);
      version = (await res.json()).data.version;
    }
    expect(version).toBe(11);
    const { data } = await (await api.get(author, seed.id)).json();
    expect(data).toMatchObject({ version: 11, note: "pass 10" });
    expect(data.revisions.map((r: { version: number }) => r.version)).toEqual([
      11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
  });

  it("PATCH can clear a field with null or an empty string", async () => {
    const author = await caller(["AUTHOR"]);
    const seed = await created(author, { ...complete("clear"), note: "to clear" });
    const res = await api.patch(author, seed.id, { version: 1, difficulty: null, note: "" });
    expect((await res.json()).data).toMatchObject({ version: 2, difficulty: null, note: "" });
  });
});

describe("submit and review", () => {
  it("author submits; reviewer requests changes with a reason; author fixes and resubmits; reviewer approves", async () => {
    const author = await caller(["AUTHOR"]);
    const reviewer = await caller(["REVIEWER"]);
    const seed = await created(author);

    const submitted = await api.submit(author, seed.id, { version: 1 });
    expect(submitted.status).toBe(200);
    expect((await submitted.json()).data).toMatchObject({ id: seed.id, status: "SUBMITTED", version: 1 });

    const noReason = await expectError(
      await api.review(reviewer, seed.id, { version: 1, action: "request_changes" }),
      400,
      "INVALID",
    );
    expect(noReason.fields).toHaveProperty("reason");
    const badAction = await expectError(
      await api.review(reviewer, seed.id, { version: 1, action: "maybe" }),
      400,
      "INVALID",
    );
    expect(badAction.fields).toHaveProperty("action");

    const sentBack = await api.review(reviewer, seed.id, {
      version: 1,
      action: "request_changes",
      reason: "State the patient's oxygen saturation.",
    });
    expect((await sentBack.json()).data).toMatchObject({ status: "CHANGES_REQUESTED" });

    expect((await api.patch(author, seed.id, { version: 1, input: "SpO2 89% on room air" })).status).toBe(
      200,
    );
    expect((await api.submit(author, seed.id, { version: 2 })).status).toBe(200);
    const approved = await api.review(reviewer, seed.id, { version: 2, action: "approve" });
    expect(approved.status).toBe(200);
    expect((await approved.json()).data).toMatchObject({
      status: "APPROVED",
      version: 2,
      approvals: 1,
      required: 1,
    });

    await expectError(
      await api.review(reviewer, seed.id, { version: 2, action: "approve" }),
      409,
      "CONFLICT",
    );
  });

  it("submitting an incomplete draft is 400 naming the missing fields; a stale version is 409", async () => {
    const author = await caller(["AUTHOR"]);
    const draft = await created(author, { instruction: "Summarise the ACC/AHA heart failure stages." });
    const error = await expectError(await api.submit(author, draft.id, { version: 1 }), 400, "INVALID");
    expect(Object.keys(error.fields ?? {})).toEqual(expect.arrayContaining(["topic", "view", "difficulty"]));
    const seed = await created(author);
    await expectError(await api.submit(author, seed.id, { version: 3 }), 409, "CONFLICT");
    await expectError(await api.submit(author, seed.id, {}), 400, "INVALID");
  });

  it("reviewing one's own task is 403 (four-eyes), even for an admin", async () => {
    const admin = await caller(["ADMIN"]);
    const seed = await created(admin);
    expect((await api.submit(admin, seed.id, { version: 1 })).status).toBe(200);
    const error = await expectError(
      await api.review(admin, seed.id, { version: 1, action: "approve" }),
      403,
      "FORBIDDEN",
    );
    expect(error.message).toMatch(/four-eyes/);
  });
});
