import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pauseJobAction, resumeJobAction, startJobAction } from "@/app/(app)/generation/actions";
import { POST as excludeBelowRoute } from "@/app/api/v1/datasets/jobs/[id]/exclude-below/route";
import { POST as releaseRoute } from "@/app/api/v1/datasets/releases/route";
import { POST as exportRoute } from "@/app/api/v1/exports/route";
import { POST as commandRoute } from "@/app/api/v1/generation/jobs/[id]/[command]/route";
import { POST as startRoute } from "@/app/api/v1/generation/jobs/route";
import { POST as ratingCommandRoute } from "@/app/api/v1/rating/jobs/[id]/[command]/route";
import { POST as ratingRoute } from "@/app/api/v1/rating/jobs/route";
import { db } from "@/lib/db";
import { createExport } from "@/lib/exports/store";
import { driveJob } from "@/lib/generation/engine/driver";
import { ROLES, type Role } from "@/lib/model/roles";
import { stopQueue } from "@/lib/queue/boss";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob, syntheticSeeds } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";
import { ROLE_SPEC } from "../support/role-spec";
import { npmRun } from "../support/run";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// The permission matrix through the other doors: the command line (`npm run medseed`, acting as --author)
// and the API refuse exactly what the table refuses, with the same message, because both call the same use
// cases as the pages; and what they do is recorded the same way whichever door it came through.
// Counts of rows are compared, so this file has a database of its own.
isolateDatabase();

const users = {} as Record<Role, { id: string; email: string }>;
let server: FakeServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-doors-"));
// Outside `dir`, which must stay empty (no command may write a file there).
const inputs = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-doors-in-"));
const badTestset = path.join(inputs, "bad-testset.jsonl");
fs.writeFileSync(badTestset, `${JSON.stringify({ id: 1, instruction: "", "gpt-4-answer": "x" })}\n`);

beforeAll(async () => {
  for (const role of ROLES) users[role] = await makeUser({ roles: [role], label: role.toLowerCase() });
  server = await startFakeOpenAIServer({ seed: 17 });
});
afterAll(async () => {
  await stopQueue();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(inputs, { recursive: true, force: true });
});

const medseed = (...args: string[]) =>
  npmRun(["medseed", "--", ...args], { MEDSEED_USER: undefined }, 120_000);

const refusal = (permission: string) =>
  `Your role does not allow this (${permission}). Ask an admin if you need it.`;

const call = (
  route: (req: Request, ctx: never) => Promise<Response>,
  url: string,
  body: unknown,
  params: object = {},
) =>
  route(
    new Request(`http://localhost${url}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) } as never,
  );

/** Runs the calls a few at a time (each is a CLI process; the machine is small). */
async function inBatches<T>(work: (() => Promise<T>)[], size = 4): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < work.length; i += size)
    out.push(...(await Promise.all(work.slice(i, i + size).map((w) => w()))));
  return out;
}

async function approvedExport() {
  const admin = await makeUser({ roles: ["ADMIN"] });
  for (const [i, s] of syntheticSeeds(6).entries()) {
    await db.seedTask.create({
      data: {
        instruction: `${s.instruction} (${admin.id})`,
        input: s.input,
        topic: s.topic,
        view: s.view,
        taskType: s.taskType,
        difficulty: s.difficulty,
        status: "APPROVED",
        authorId: admin.id,
        contentHash: seedContentHash(`${s.instruction} (${admin.id})`, `${s.input}${i}`),
      },
    });
  }
  return createExport("alpacare", { difficulty: [] }, admin);
}

const counts = async () => ({
  jobs: await db.generationJob.count(),
  releases: await db.datasetRelease.count(),
  exports: await db.seedExport.count(),
  audit: await db.auditEvent.count(),
  evalRuns: await db.evalRun.count(),
  testSets: await db.testSet.count(),
});

/** An audit row without what differs between two of them (its id and time); `targetId` checked apart. */
async function auditEntry(action: string, targetId: string) {
  const rows = await db.auditEvent.findMany({ where: { action, targetId } });
  expect(rows, `one ${action} entry for ${targetId}`).toHaveLength(1);
  const { id: _id, at: _at, ...entry } = rows[0] as (typeof rows)[number];
  return entry;
}

// Each door names something that does not exist: a role the table allows gets past the check to "not found"
// (or "nothing to export"), one it refuses is stopped first, and nothing is written either way.
const nowhere = "999999";
const cliDoors = [
  { permission: "generation.run", args: ["generate", "--export", nowhere], allowed: /no export #999999/ },
  {
    permission: "generation.run",
    args: ["generate", "--resume", nowhere],
    allowed: /no generation job #999999/,
  },
  {
    permission: "dataset.publish",
    args: ["publish", "--job", nowhere, "--name", "Nothing", "--out", path.join(dir, "none.zip")],
    allowed: /no generation job #999999/,
  },
  {
    permission: "export.create",
    args: ["export", "--format", "jsonl", "--topic", "No such topic", "--out", path.join(dir, "none.jsonl")],
    allowed: /No approved seed task matches this filter/,
  },
  {
    permission: "evaluation.run",
    args: [
      "eval",
      "run",
      "--testset",
      "No such test set",
      "--reference",
      "gpt-4",
      "--model",
      "m",
      "--base-url",
      "http://127.0.0.1:9/v1",
      "--judge-model",
      "j",
      "--out",
      path.join(dir, "results.json"),
    ],
    allowed: /There is no test set named "No such test set"/,
  },
  {
    // A file with a bad row: an allowed role is told what is wrong with it, and nothing is imported.
    permission: "testset.write",
    args: ["testset", "import", badTestset, "--name", "Refused test set"],
    allowed: /line 1: The instruction is missing or empty/,
  },
];

describe("the permission matrix at the command line", () => {
  it("refuses every role the table refuses, with the permission named, and writes nothing", async () => {
    const before = await counts();
    const runs = cliDoors.flatMap((door) =>
      ROLES.map((role) => async () => ({
        door,
        role,
        result: await medseed(...door.args, "--author", users[role].email),
      })),
    );
    for (const { door, role, result } of await inBatches(runs)) {
      const what = `${role}: medseed ${door.args.join(" ")}\n${result.stderr}`;
      expect(result.code, what).toBe(1);
      if (ROLE_SPEC[role].includes(door.permission)) {
        expect(result.stderr, what).toMatch(door.allowed);
        expect(result.stderr, what).not.toContain("Your role does not allow this");
      } else {
        expect(result.stderr, what).toContain(`medseed: ${refusal(door.permission)}`);
      }
    }
    expect(await counts()).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 600_000);
});

describe("the permission matrix through the API", () => {
  const apiDoors = [
    {
      permission: "generation.run",
      call: () => call(startRoute, "/api/v1/generation/jobs", { exportId: "nowhere" }),
      allowed: 404,
    },
    {
      permission: "generation.run",
      call: () =>
        call(
          commandRoute,
          "/api/v1/generation/jobs/nowhere/resume",
          {},
          { id: "nowhere", command: "resume" },
        ),
      allowed: 404,
    },
    {
      permission: "dataset.publish",
      call: () => call(releaseRoute, "/api/v1/datasets/releases", { name: "Nothing", jobIds: ["nowhere"] }),
      allowed: 404,
    },
    {
      permission: "rating.run",
      call: () =>
        call(ratingRoute, "/api/v1/rating/jobs", {
          generationJobId: "nowhere",
          settings: { provider: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1" }, model: "m" },
        }),
      allowed: 404,
    },
    {
      permission: "rating.run",
      call: () =>
        call(
          ratingCommandRoute,
          "/api/v1/rating/jobs/nowhere/pause",
          {},
          { id: "nowhere", command: "pause" },
        ),
      allowed: 404,
    },
    {
      permission: "dataset.curate",
      call: () =>
        call(
          excludeBelowRoute,
          "/api/v1/datasets/jobs/nowhere/exclude-below",
          { threshold: 3 },
          { id: "nowhere" },
        ),
      allowed: 404,
    },
    {
      permission: "export.create",
      call: () =>
        call(exportRoute, "/api/v1/exports", { format: "jsonl", filter: { topic: "No such topic" } }),
      allowed: 400,
    },
  ];

  it.each(ROLES)(
    "%s: refused exactly where the command line refuses, with the same message",
    async (role) => {
      signInAs(users[role]);
      const before = await counts();
      for (const door of apiDoors) {
        const response = await door.call();
        const body = (await response.json()) as { error: { message: string } };
        if (ROLE_SPEC[role].includes(door.permission)) expect(response.status).toBe(door.allowed);
        else {
          expect(response.status).toBe(403);
          expect(body.error.message).toBe(refusal(door.permission));
        }
      }
      expect(await counts()).toEqual(before);
    },
  );
});

describe("one use case behind every door", () => {
  it("an engineer starts a job from the CLI and from the API: both recorded the same way; a reviewer's leave no job", async () => {
    const exp = await approvedExport();
    const { REVIEWER: reviewer, ENGINEER: engineer } = users;
    const settings = [
      "--target",
      "4",
      "--base-url",
      server.baseUrl,
      "--model",
      "fake-4",
      "--response-model",
      "fake-3.5",
      "--seed",
      "3",
    ];

    const refused = await medseed(
      "generate",
      "--export",
      String(exp.number),
      ...settings,
      "--author",
      reviewer.email,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(refusal("generation.run"));
    signInAs(reviewer);
    expect((await call(startRoute, "/api/v1/generation/jobs", { exportId: exp.id })).status).toBe(403);
    expect(await startJobAction({ exportId: exp.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await db.generationJob.count({ where: { creatorId: reviewer.id } })).toBe(0);

    const ran = await medseed(
      "generate",
      "--export",
      String(exp.number),
      ...settings,
      "--author",
      engineer.email,
    );
    expect(ran.stderr).toMatch(/job #\d+ completed: 4 tasks kept/);
    expect(ran.code).toBe(0);
    const viaCli = await db.generationJob.findFirstOrThrow({ where: { creatorId: engineer.id } });
    expect(viaCli).toMatchObject({
      state: "COMPLETED",
      exportId: exp.id,
      seedSource: `export #${exp.number}`,
    });

    signInAs(engineer);
    const started = await call(startRoute, "/api/v1/generation/jobs", {
      exportId: exp.id,
      settings: { target: 4, provider: { kind: "openai-compatible", baseUrl: server.baseUrl } },
    });
    expect(started.status).toBe(201);
    const viaApi = ((await started.json()) as { data: { id: string } }).data;
    const [cli, api] = [
      await auditEntry("generation.start", viaCli.id),
      await auditEntry("generation.start", viaApi.id),
    ];
    expect(cli).toMatchObject({ actorId: engineer.id, targetType: "GenerationJob" });
    expect({ ...cli, targetId: "", after: { ...(cli.after as object), number: 0 } }).toEqual({
      ...api,
      targetId: "",
      after: { ...(api.after as object), number: 0 },
    });
  }, 240_000);

  it("the CLI's resume leaves the same audit entry as the UI's, and starts the job's retries afresh", async () => {
    const { REVIEWER: reviewer, ENGINEER: engineer } = users;
    const viaUi = await makeJob(server.baseUrl, { target: 4 });
    const viaCli = await makeJob(server.baseUrl, { target: 4 });
    signInAs(engineer);
    for (const job of [viaUi, viaCli])
      expect(await pauseJobAction({ jobId: job.id })).toMatchObject({ ok: true });
    // Its first request failed 5 times before the pause: resuming starts its attempts again.
    await db.generationRequest.create({ data: { jobId: viaCli.id, index: 0, maxTokens: 2000, attempts: 5 } });
    await db.generationJob.update({ where: { id: viaCli.id }, data: { nextRequestIndex: 1 } });

    const refused = await medseed("generate", "--resume", String(viaCli.number), "--author", reviewer.email);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(refusal("generation.run"));
    expect((await db.generationJob.findUniqueOrThrow({ where: { id: viaCli.id } })).state).toBe("PAUSED");

    expect(await resumeJobAction({ jobId: viaUi.id })).toMatchObject({ ok: true });
    const resumed = await medseed("generate", "--resume", String(viaCli.number), "--author", engineer.email);
    expect(resumed.stderr).toMatch(/job #\d+ completed: 4 tasks kept/);
    expect(resumed.code).toBe(0);

    const ui = await auditEntry("generation.resume", viaUi.id);
    const cli = await auditEntry("generation.resume", viaCli.id);
    expect(ui).toMatchObject({ actorId: engineer.id, targetType: "GenerationJob" });
    expect({ ...cli, targetId: viaUi.id }).toEqual(ui);
    const events = await db.generationEvent.findMany({
      where: { jobId: viaCli.id, message: "Resumed by a user." },
    });
    expect(events).toHaveLength(1);
    // That request was sent once more and answered: its count started again from 0 (else it would be 6).
    const request = await db.generationRequest.findFirstOrThrow({ where: { jobId: viaCli.id, index: 0 } });
    expect(request).toMatchObject({ status: "DONE", attempts: 1 });
  }, 240_000);

  it("publishing via the CLI and via the API: both refuse a reviewer, both record the release the same way", async () => {
    const { REVIEWER: reviewer, ENGINEER: engineer } = users;
    const job = await makeJob(server.baseUrl, { target: 4 });
    expect(await driveJob(job.id)).toBe("COMPLETED");
    const out = path.join(dir, "release.jsonl");
    const publish = (who: { email: string }) =>
      medseed(
        "publish",
        "--job",
        String(job.number),
        "--name",
        "Doors",
        "--format",
        "jsonl",
        "--out",
        out,
        "--author",
        who.email,
      );
    const viaApi = (who: { id: string }) => {
      signInAs(who);
      return call(releaseRoute, "/api/v1/datasets/releases", { name: "Doors", jobIds: [job.id] });
    };

    const refusedCli = await publish(reviewer);
    expect(refusedCli.code).toBe(1);
    expect(refusedCli.stderr).toContain(refusal("dataset.publish"));
    const refusedApi = await viaApi(reviewer);
    expect(refusedApi.status).toBe(403);
    expect(((await refusedApi.json()) as { error: { message: string } }).error.message).toBe(
      refusal("dataset.publish"),
    );
    expect(await db.datasetRelease.count({ where: { jobIds: { has: job.id } } })).toBe(0);
    expect(fs.existsSync(out)).toBe(false);

    const cli = await publish(engineer);
    expect(cli.code, cli.stderr).toBe(0);
    expect(fs.readFileSync(out, "utf8").trim().split("\n")).toHaveLength(4);
    const api = await viaApi(engineer);
    expect(api.status).toBe(201);
    const releases = await db.datasetRelease.findMany({
      where: { jobIds: { has: job.id } },
      orderBy: { number: "asc" },
    });
    expect(releases.map((r) => [r.creatorId, r.name, r.jobIds])).toEqual([
      [engineer.id, "Doors", [job.id]],
      [engineer.id, "Doors", [job.id]],
    ]);
    expect(releases[0]?.state).toBe("READY"); // built by the CLI in its own process
    const [a, b] = [
      await auditEntry("dataset.release.create", releases[0]?.id as string),
      await auditEntry("dataset.release.create", releases[1]?.id as string),
    ];
    expect(a).toMatchObject({
      actorId: engineer.id,
      targetType: "DatasetRelease",
      after: { jobs: [job.number] },
    });
    const same = (e: typeof a) => ({ ...e, targetId: "", after: { ...(e.after as object), number: 0 } });
    expect(same(a)).toEqual(same(b));
  }, 240_000);
});
