import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { saveJudgePromptAction, startEvalRunAction } from "@/app/(app)/evaluation/actions";
import { GET as getPromptRoute, PUT as putPromptRoute } from "@/app/api/v1/evaluation/judge-prompt/route";
import { GET as getRunRoute } from "@/app/api/v1/evaluation/runs/[id]/route";
import { GET as listRunsRoute, POST as startRunRoute } from "@/app/api/v1/evaluation/runs/route";
import { createApiToken } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { DEFAULT_JUDGE_TEMPLATE } from "@/lib/evaluation/judge-prompt";
import { typedRunKeyProblem } from "@/lib/evaluation/run-keys";
import { getEvalRun } from "@/lib/evaluation/use-cases/get-eval-run";
import { editJudgePrompt, getJudgePrompt } from "@/lib/evaluation/use-cases/judge-prompt";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { saveCredential } from "@/lib/generation/credentials";
import type { Role } from "@/lib/model/roles";
import { stopQueue } from "@/lib/queue/boss";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { npmRun } from "../support/run";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The judge's template as a versioned setting (edits make versions, a run judges with the version it names,
// versions never share verdicts, a template without its placeholders is refused), and API keys kept with a
// run (sealed at rest, sent to the endpoint by the worker, never in a response). Version numbers are global
// state, so this file has a database of its own.
isolateDatabase();

process.env.MEDSEED_ENCRYPTION_KEY = randomBytes(32).toString("base64");

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 5, latencyMs: 1 });
});
afterAll(async () => {
  await stopQueue();
  await server.close();
});

const API = "http://localhost/api/v1/evaluation";
const headers = (t: string) => ({ authorization: `Bearer ${t}`, "content-type": "application/json" });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
async function token(roles: Role[]) {
  return (await createApiToken((await makeUser({ roles })).id, "test")).token;
}

/** The default template with a line naming `marker`, so a request shows which version it was built from. */
const marked = (marker: string) => ({
  system: DEFAULT_JUDGE_TEMPLATE.system,
  user: DEFAULT_JUDGE_TEMPLATE.user.replace("# Task:", `# Task (${marker}):`),
});
const judgeBodies = () =>
  server.requests
    .map((r) => JSON.stringify(r.body))
    .filter((b) => b.includes("## Output (a):") && b.includes("Which is best"));

describe("the judge's template, versioned", () => {
  it("keeps version 1 byte-identical to the built-in prompt, and makes a version per edit, ten in a row", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const first = await getJudgePrompt(admin);
    expect(first.current.version).toBe(1);
    expect({ system: first.current.system, user: first.current.user }).toEqual(DEFAULT_JUDGE_TEMPLATE);

    for (let i = 1; i <= 10; i++) {
      const saved = await editJudgePrompt(admin, { ...marked(`edit ${i}`), note: `edit ${i}`, basedOn: i });
      expect(saved.version).toBe(i + 1);
    }
    const after = await getJudgePrompt(admin);
    expect(after.history.map((v) => v.version)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(after.current.user).toContain("# Task (edit 10):");
    expect(after.current.author).toBe(admin.email);
    expect(await db.auditEvent.count({ where: { action: "evaluation.judge-prompt" } })).toBe(10);
    // An older version still reads as it was saved.
    expect((await getJudgePrompt(admin, { version: 4 })).shown.user).toContain("# Task (edit 3):");
    await expect(getJudgePrompt(admin, { version: 99 })).rejects.toThrow(
      "There is no judge prompt version 99: versions are 1 to 11.",
    );
  });

  it("two admins saving over the same version at once: one new version, the other told to reload", async () => {
    const [a, b] = [await makeUser({ roles: ["ADMIN"] }), await makeUser({ roles: ["ADMIN"] })];
    const basedOn = (await getJudgePrompt(a)).current.version;
    const results = await Promise.allSettled([
      editJudgePrompt(a, { ...marked("from a"), basedOn }),
      editJudgePrompt(b, { ...marked("from b"), basedOn }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/Reload/);
    expect((await getJudgePrompt(a)).current.version).toBe(basedOn + 1);
  });

  it("refuses a template missing a placeholder, naming it, through the use case and the API", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const { current } = await getJudgePrompt(admin);
    const withoutB = {
      system: current.system,
      user: current.user.replace("{{output_b}}", "(the second answer)"),
      basedOn: current.version,
    };
    await expect(editJudgePrompt(admin, withoutB)).rejects.toThrow(
      "The user template must contain {{output_b}} (the answer shown second, verbatim)",
    );
    const adminToken = (await createApiToken(admin.id, "t")).token;
    const put = await putPromptRoute(
      new Request(`${API}/judge-prompt`, {
        method: "PUT",
        headers: headers(adminToken),
        body: JSON.stringify({ ...withoutB, user: withoutB.user.replace("{{instruction}}", "") }),
      }),
    );
    expect(put.status).toBe(400);
    const message = (await put.json()).error.message as string;
    expect(message).toContain("{{instruction}}");
    expect(message).toContain("{{output_b}}");
    expect((await getJudgePrompt(admin)).current.version).toBe(current.version);
  });

  it("lets everyone who reads runs see the template, and only admins edit it", async () => {
    const reviewer = await token(["REVIEWER"]);
    const got = await getPromptRoute(
      new Request(`${API}/judge-prompt?version=1`, { headers: headers(reviewer) }),
    );
    expect(got.status).toBe(200);
    const data = (await got.json()).data;
    expect(data.shown.user).toBe(DEFAULT_JUDGE_TEMPLATE.user);
    expect(data.placeholders.map((p: { token: string }) => p.token)).toEqual([
      "{{instruction}}",
      "{{output_a}}",
      "{{output_b}}",
    ]);
    const before = (await db.judgePrompt.count()) as number;
    for (const roles of [["AUTHOR"], ["REVIEWER"], ["ENGINEER"]] as Role[][]) {
      const t = await token(roles);
      const put = await putPromptRoute(
        new Request(`${API}/judge-prompt`, {
          method: "PUT",
          headers: headers(t),
          body: JSON.stringify({ ...marked(`by ${roles[0]}`), basedOn: before }),
        }),
      );
      expect(put.status).toBe(403);
      const engineer = await makeUser({ roles });
      await expect(editJudgePrompt(engineer, { ...marked("x"), basedOn: before })).rejects.toThrow(
        /does not allow this \(evaluation\.prompt\)/,
      );
    }
    expect(await db.judgePrompt.count()).toBe(before);
  });
});

describe("runs and judge prompt versions", () => {
  it("sends version N's text to the judge; versions share no verdicts; the same version again makes no call", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    const basedOn = (await getJudgePrompt(admin)).current.version;
    const vA = (await editJudgePrompt(admin, { ...marked("version A"), basedOn })).version;
    const vB = (await editJudgePrompt(admin, { ...marked("version B"), basedOn: vA })).version;
    const { name } = await makeTestset(4);
    const run = async (judgePromptVersion?: number) => {
      const started = await startEvalRun(
        engineer,
        {
          testset: name,
          reference: "gpt-4",
          candidate: { model: "versions-7b", baseUrl: server.baseUrl },
          judgeModel: "judge-versions",
          judgePromptVersion,
          settings: { judgeBaseUrl: server.baseUrl, concurrency: 3, retryBaseMs: 10 },
        },
        { driver: "caller" },
      );
      const judgedBefore = judgeBodies().length;
      const before = { judge: server.stats.judgeRequests, all: server.stats.requests };
      expect(await driveEvalRun(started.id)).toBe("COMPLETED");
      return {
        id: started.id,
        judgeCalls: server.stats.judgeRequests - before.judge,
        calls: server.stats.requests - before.all,
        bodies: judgeBodies().slice(judgedBefore),
      };
    };

    const a = await run(vA);
    expect(a.judgeCalls).toBe(8);
    expect(a.bodies).toHaveLength(8);
    for (const body of a.bodies) {
      expect(body).toContain("# Task (version A):");
      expect(body).not.toContain("version B");
    }
    const viewA = await getEvalRun(engineer, { run: a.id });
    expect(viewA.run.judgePromptVersion).toBe(vA);

    // Same candidate answers (cached), another template: every verdict is asked again, with B's text.
    const b = await run(vB);
    expect(b.calls).toBe(8);
    expect(b.judgeCalls).toBe(8);
    for (const body of b.bodies) expect(body).toContain("# Task (version B):");
    // No version named: the newest, B, and all of it from the cache.
    const newest = await run();
    expect(newest.calls).toBe(0);
    expect((await getEvalRun(engineer, { run: newest.id })).run.judgePromptVersion).toBe(vB);
    const again = await run(vA);
    expect(again.calls).toBe(0);
    expect((await getEvalRun(engineer, { run: again.id })).run.cacheHits).toBe(4 + 8);

    // A later edit changes nothing for runs already made: they keep the text they judged with.
    await editJudgePrompt(admin, { ...marked("version C"), basedOn: vB });
    const stored = await db.evalRun.findUniqueOrThrow({ where: { id: a.id } });
    expect(stored.judgePromptVersion).toBe(vA);
    expect(JSON.stringify(stored.judgeTemplate)).toContain("# Task (version A):");
    await expect(run(999)).rejects.toThrow(/There is no judge prompt version 999/);
  }, 180_000);
});

describe("API keys kept with a run", () => {
  it("seals the keys, sends each to its endpoint as the Authorization header, and never answers with them", async () => {
    const candidateKey = `sk-cand-${randomBytes(12).toString("hex")}`;
    const judgeKey = `sk-judge-${randomBytes(12).toString("hex")}`;
    const candidateServer = await startFakeOpenAIServer({ seed: 6, apiKey: candidateKey });
    const judgeServer = await startFakeOpenAIServer({ seed: 7, apiKey: judgeKey });
    try {
      const { name } = await makeTestset(3);
      const engineer = await token(["ENGINEER"]);
      const body = {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "hosted-7b", baseUrl: candidateServer.baseUrl },
        judgeModel: "hosted-judge",
        settings: { judgeBaseUrl: judgeServer.baseUrl, concurrency: 2 },
        keys: { candidate: { apiKey: candidateKey }, judge: { apiKey: judgeKey } },
      };
      const created = await startRunRoute(
        new Request(`${API}/runs`, {
          method: "POST",
          headers: headers(engineer),
          body: JSON.stringify(body),
        }),
      );
      const createdText = await created.text();
      expect(created.status).toBe(201);
      const { id } = JSON.parse(createdText).data as { id: string };

      // At rest: sealed, not the key; the audit names the key by its last characters only.
      const row = await db.evalRun.findUniqueOrThrow({ where: { id } });
      expect(row.candidateKeyBox).toMatch(/^v1:/);
      expect(row.judgeKeyBox).toMatch(/^v1:/);
      const audit = await db.auditEvent.findMany({ where: { targetId: id }, select: { after: true } });
      const atRest = JSON.stringify([row, audit]);
      expect(atRest).not.toContain(candidateKey);
      expect(atRest).not.toContain(judgeKey);
      expect(row.candidateKeyHint).toBe(`…${candidateKey.slice(-4)}`);

      // The worker (no key given to it, none in its environment for these servers) opens them.
      expect(await driveEvalRun(id)).toBe("COMPLETED");
      expect(candidateServer.requests).toHaveLength(3);
      expect(judgeServer.requests).toHaveLength(6);
      for (const r of candidateServer.requests)
        expect(r.headers.authorization).toBe(`Bearer ${candidateKey}`);
      for (const r of judgeServer.requests) expect(r.headers.authorization).toBe(`Bearer ${judgeKey}`);
      // Nor stored with the calls' requests.
      const calls = JSON.stringify(await db.evalCall.findMany({ select: { request: true, raw: true } }));
      expect(calls).not.toContain(candidateKey);
      expect(calls).not.toContain(judgeKey);

      // Every answer about the run: the API's run, its list, and the view the run page renders.
      const reviewer = await token(["REVIEWER"]);
      const got = await getRunRoute(
        new Request(`${API}/runs/${id}`, { headers: headers(reviewer) }),
        ctx({ id }),
      );
      const list = await listRunsRoute(new Request(`${API}/runs`, { headers: headers(reviewer) }));
      const view = await getEvalRun(await makeUser({ roles: ["REVIEWER"] }), { run: id });
      const gotText = await got.text();
      for (const text of [createdText, gotText, await list.text(), JSON.stringify(view)]) {
        expect(text).not.toContain(candidateKey);
        expect(text).not.toContain(judgeKey);
        expect(text).not.toContain(row.candidateKeyBox as string);
        expect(text).not.toContain(row.judgeKeyBox as string);
      }
      // Where the keys come from, by their last characters, is for whoever runs evaluations; a clinician gets none.
      expect(JSON.parse(gotText).data.run.keys).toBeNull();
      const asRunner = await getRunRoute(
        new Request(`${API}/runs/${id}`, { headers: headers(engineer) }),
        ctx({ id }),
      );
      expect((await asRunner.json()).data.run.keys).toEqual({
        candidate: `…${candidateKey.slice(-4)}`,
        judge: `…${judgeKey.slice(-4)}`,
      });
    } finally {
      await candidateServer.close();
      await judgeServer.close();
    }
  }, 180_000);

  it("uses a stored provider key chosen by id, and refuses one that does not exist or a key without encryption", async () => {
    const judgeKey = `sk-stored-${randomBytes(12).toString("hex")}`;
    const judgeServer = await startFakeOpenAIServer({ seed: 8, apiKey: judgeKey });
    try {
      const admin = await makeUser({ roles: ["ADMIN"] });
      await saveCredential({ name: "hosted judge", kind: "openai-compatible", apiKey: judgeKey }, admin.id);
      const credential = await db.providerCredential.findUniqueOrThrow({ where: { name: "hosted judge" } });
      const { name } = await makeTestset(2);
      const input = {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "local-7b", baseUrl: server.baseUrl },
        judgeModel: "stored-judge",
        settings: { judgeBaseUrl: judgeServer.baseUrl, concurrency: 2 },
      };
      await expect(
        startEvalRun(admin, { ...input, keys: { judge: { credentialId: "nope" } } }, { driver: "caller" }),
      ).rejects.toThrow(/There is no stored API key nope for the judge's endpoint/);
      const run = await startEvalRun(
        admin,
        { ...input, keys: { judge: { credentialId: credential.id } } },
        { driver: "caller" },
      );
      expect(await driveEvalRun(run.id)).toBe("COMPLETED");
      expect(judgeServer.requests).toHaveLength(4);
      for (const r of judgeServer.requests) expect(r.headers.authorization).toBe(`Bearer ${judgeKey}`);

      expect(typedRunKeyProblem()).toBeNull();
      const saved = process.env.MEDSEED_ENCRYPTION_KEY;
      delete process.env.MEDSEED_ENCRYPTION_KEY;
      try {
        // The run form says it beside the choice, in the words the start would refuse with.
        expect(typedRunKeyProblem()).toMatch(/needs MEDSEED_ENCRYPTION_KEY on the server/);
        await expect(
          startEvalRun(admin, { ...input, keys: { judge: { apiKey: judgeKey } } }, { driver: "caller" }),
        ).rejects.toThrow(/needs MEDSEED_ENCRYPTION_KEY on the server/);
        // A worker without the encryption key: the run fails saying what to set, and nothing is sent.
        const before = judgeServer.requests.length;
        const stuck = await startEvalRun(
          admin,
          { ...input, judgeModel: "stuck-judge", keys: { judge: { credentialId: credential.id } } },
          { driver: "caller" },
        );
        expect(await driveEvalRun(stuck.id)).toBe("FAILED");
        expect((await db.evalRun.findUniqueOrThrow({ where: { id: stuck.id } })).error).toMatch(
          /MEDSEED_ENCRYPTION_KEY is not set for the worker/,
        );
        expect(judgeServer.requests.length).toBe(before);
      } finally {
        process.env.MEDSEED_ENCRYPTION_KEY = saved;
      }
    } finally {
      await judgeServer.close();
    }
  }, 180_000);
});

describe("npm run medseed -- eval judge-prompt / eval run --judge-prompt-version", () => {
  it("saves a version from the command line, refuses one without a placeholder, and runs with a chosen version", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-judge-prompt-"));
    try {
      const medseed = (...args: string[]) =>
        npmRun(
          ["medseed", "--", ...args, "--author", admin.email],
          { MEDSEED_EVAL_RETRY_BASE_MS: "20" },
          180_000,
        );
      const basedOn = (await getJudgePrompt(admin)).current.version;
      const bad = path.join(dir, "bad.txt");
      fs.writeFileSync(bad, marked("cli").user.replace("{{output_a}}", ""));
      const refused = await medseed(
        "eval",
        "judge-prompt",
        "save",
        "--user",
        bad,
        "--based-on",
        String(basedOn),
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("The user template must contain {{output_a}}");

      const good = path.join(dir, "good.txt");
      fs.writeFileSync(good, marked("from the cli").user);
      const saved = await medseed(
        "eval",
        "judge-prompt",
        "save",
        "--user",
        good,
        "--based-on",
        String(basedOn),
        "--note",
        "cli edit",
      );
      expect(saved.stdout).toContain(`saved judge prompt version ${basedOn + 1}`);
      expect(saved.code).toBe(0);
      // A newer version exists afterwards; the run still asks for the one saved from the command line.
      await editJudgePrompt(admin, { ...marked("newer"), basedOn: basedOn + 1 });

      const { name } = await makeTestset(2);
      const judgedBefore = judgeBodies().length;
      const out = path.join(dir, "results.json");
      const run = await medseed(
        "eval",
        "run",
        "--testset",
        name,
        "--reference",
        "gpt-4",
        "--model",
        "cli-7b",
        "--base-url",
        server.baseUrl,
        "--judge-model",
        "cli-judge",
        "--judge-base-url",
        server.baseUrl,
        "--judge-prompt-version",
        String(basedOn + 1),
        "--out",
        out,
      );
      expect(run.stderr).toContain(`judge prompt v${basedOn + 1}`);
      expect(run.code).toBe(0);
      const bodies = judgeBodies().slice(judgedBefore);
      expect(bodies).toHaveLength(4);
      for (const body of bodies) expect(body).toContain("# Task (from the cli):");
      const shown = await medseed("eval", "judge-prompt", "show", "--version", String(basedOn + 1));
      expect(shown.stdout).toContain("# Task (from the cli):");
      expect(shown.stdout).toContain(`# version ${basedOn + 1}: cli edit`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

describe("the page's doors (server actions)", () => {
  it("starts a run from the form with a typed key and a chosen version; only admins save a version", async () => {
    const judgeKey = `sk-form-${randomBytes(12).toString("hex")}`;
    const judgeServer = await startFakeOpenAIServer({ seed: 9, apiKey: judgeKey });
    try {
      const engineer = await makeUser({ roles: ["ENGINEER"] });
      const { name, report } = await makeTestset(2);
      signInAs(engineer);
      const form = {
        testset: report.ok ? report.testSetId : name,
        reference: "gpt-4",
        model: "form-7b",
        baseUrl: server.baseUrl,
        judgeModel: "form-judge",
        judgeBaseUrl: judgeServer.baseUrl,
        judgePromptVersion: 1,
        judgeApiKey: judgeKey,
      };
      const started = await startEvalRunAction(form);
      expect(JSON.stringify(started)).not.toContain(judgeKey);
      if (!started.ok) throw new Error(started.message);
      expect(await driveEvalRun(started.data.id)).toBe("COMPLETED");
      expect(judgeServer.requests).toHaveLength(4);
      for (const r of judgeServer.requests) {
        expect(r.headers.authorization).toBe(`Bearer ${judgeKey}`);
        expect(JSON.stringify(r.body)).toContain("# Task:");
        expect(JSON.stringify(r.body)).not.toContain("# Task (");
      }
      const row = await db.evalRun.findUniqueOrThrow({ where: { id: started.data.id } });
      expect(row.judgePromptVersion).toBe(1);
      expect(row.judgeTemplate).toEqual(DEFAULT_JUDGE_TEMPLATE);

      const edit = { ...marked("form"), basedOn: String((await db.judgePrompt.count()) as number) };
      expect(await saveJudgePromptAction(edit)).toMatchObject({ ok: false, code: "FORBIDDEN" });
      signInAs(await makeUser({ roles: ["ADMIN"] }));
      const missing = await saveJudgePromptAction({
        ...edit,
        user: edit.user.replace("{{instruction}}", ""),
      });
      expect(missing).toMatchObject({ ok: false, code: "INVALID" });
      expect(JSON.stringify(missing)).toContain("{{instruction}}");
      expect(await saveJudgePromptAction(edit)).toMatchObject({ ok: true });
    } finally {
      await judgeServer.close();
    }
  }, 180_000);
});
