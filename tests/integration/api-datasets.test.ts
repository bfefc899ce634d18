import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as downloadRoute } from "@/app/api/v1/datasets/releases/[id]/download/route";
import { GET as getRoute } from "@/app/api/v1/datasets/releases/[id]/route";
import { POST as createRoute, GET as listRoute } from "@/app/api/v1/datasets/releases/route";
import { createApiToken } from "@/lib/auth/api-token";
import { buildRelease } from "@/lib/dataset/releases/build";
import { driveJob } from "@/lib/generation/engine/driver";
import type { Role } from "@/lib/model/roles";
import { stopQueue } from "@/lib/queue/boss";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// Published datasets over /api/v1 with personal tokens, as a training script would use them.

const BASE = "http://localhost/api/v1/datasets/releases";
let server: FakeServer;
let jobId = "";

async function token(roles: Role[]) {
  return (await createApiToken((await makeUser({ roles })).id, "test")).token;
}
const auth = (t: string | null, json = false): Record<string, string> => ({
  ...(t ? { authorization: `Bearer ${t}` } : {}),
  ...(json ? { "content-type": "application/json" } : {}),
});
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 41, latencyMs: 1 });
  const job = await makeJob(server.baseUrl, { target: 12 });
  expect(await driveJob(job.id)).toBe("COMPLETED");
  jobId = job.id;
}, 60_000);
afterAll(async () => {
  await stopQueue();
  await server.close();
});

describe("/api/v1/datasets/releases", () => {
  it("refuses anonymous callers, reviewers publishing, and bad bodies naming the field", async () => {
    expect((await listRoute(new Request(BASE))).status).toBe(401);
    const reviewer = await token(["REVIEWER"]);
    expect((await listRoute(new Request(BASE, { headers: auth(reviewer) }))).status).toBe(200);
    const post = (t: string, body: unknown) =>
      createRoute(new Request(BASE, { method: "POST", headers: auth(t, true), body: JSON.stringify(body) }));
    const refused = await post(reviewer, { name: "x", jobIds: [jobId] });
    expect(refused.status).toBe(403);
    const admin = await token(["ADMIN"]);
    const bad = await post(admin, { name: "x", jobIds: [] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.jobIds).toBeDefined();
    const unknown = await post(admin, { name: "x", jobIds: ["no-such-job"] });
    expect(unknown.status).toBe(404);
  });

  it("publishes, reports the state, and downloads each file as the bytes its SHA-256 names", async () => {
    const admin = await token(["ADMIN"]);
    const created = await createRoute(
      new Request(BASE, {
        method: "POST",
        headers: auth(admin, true),
        body: JSON.stringify({ name: "API release", jobIds: [jobId], license: "cc-by-nc-4.0" }),
      }),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()).data as { id: string };
    const pending = await (
      await getRoute(new Request(`${BASE}/${id}`, { headers: auth(admin) }), ctx(id))
    ).json();
    expect(pending.data.state).toBe("PENDING");
    const early = await downloadRoute(
      new Request(`${BASE}/${id}/download`, { headers: auth(admin) }),
      ctx(id),
    );
    expect(early.status).toBe(409);

    await buildRelease(id); // what the worker does with the queued message
    const ready = (
      await (await getRoute(new Request(`${BASE}/${id}`, { headers: auth(admin) }), ctx(id))).json()
    ).data;
    expect(ready.state).toBe("READY");
    expect(ready.recordCount).toBe(12);
    expect(ready.files.map((f: { format: string }) => f.format)).toEqual(["alpaca", "jsonl", "csv", "hf"]);
    for (const file of ready.files as { format: string; sha256: string; byteSize: number }[]) {
      const res = await downloadRoute(
        new Request(`${BASE}/${id}/download?format=${file.format}`, {
          headers: { ...auth(admin), "accept-encoding": "gzip" },
        }),
        ctx(id),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding")).toBeNull();
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(file.byteSize);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(file.sha256);
      expect(res.headers.get("x-content-sha256")).toBe(file.sha256);
    }
    const wrong = await downloadRoute(
      new Request(`${BASE}/${id}/download?format=parquet`, { headers: auth(admin) }),
      ctx(id),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields.format).toBeDefined();
  });
});
