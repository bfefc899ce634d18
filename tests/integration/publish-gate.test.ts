import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setPublishMinAcceptableAction } from "@/app/(app)/admin/settings/actions";
import { createReleaseAction, publishQualityAction } from "@/app/(app)/datasets/actions";
import { POST as releaseRoute } from "@/app/api/v1/datasets/releases/route";
import { setExcluded } from "@/lib/dataset/curation";
import { buildRelease } from "@/lib/dataset/releases/build";
import { PUBLISH_MIN_ACCEPTABLE_KEY, publishMinAcceptable } from "@/lib/dataset/releases/quality";
import { releaseFileStream } from "@/lib/dataset/releases/store";
import { gradeItem, startSpotCheck } from "@/lib/dataset/spot-checks";
import { uncheckedNote } from "@/lib/dataset/spot-coverage";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import type { SpotGrade } from "@/lib/model/spot-grades";
import { stopQueue } from "@/lib/queue/boss";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";
import { npmRun } from "../support/run";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The publish quality gate through every door: the form's action, the REST API and the CLI all call
// publishRelease, which refuses a release below the admin's threshold (or with a record graded unsafe still
// in) unless a reason is given; the reason is kept on the release, in the audit log and in the dataset card.
// The threshold is a workspace setting, so this file has a database of its own.
isolateDatabase();

let server: FakeServer;
let job: Awaited<ReturnType<typeof makeJob>>;
let admin: Awaited<ReturnType<typeof makeUser>>;
let unsafeTaskId = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-gate-"));

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 33, latencyMs: 1 });
  job = await makeJob(server.baseUrl, { target: 12 });
  expect(await driveJob(job.id)).toBe("COMPLETED");
  admin = await makeUser({ roles: ["ADMIN"], label: "gate" });
  const reviewer = await makeUser({ roles: ["REVIEWER"], label: "gate-grader" });
  const check = await startSpotCheck(job.id, 0.3, reviewer);
  // 2 of 5 acceptable (40%), one unsafe.
  const grades: SpotGrade[] = ["ACCEPTABLE", "ACCEPTABLE", "WRONG", "OFF_TASK", "UNSAFE"];
  for (const [position, grade] of grades.entries())
    await gradeItem({ spotCheckId: check.id, position, grade, previous: null }, reviewer);
  const item = await db.spotCheckItem.findUniqueOrThrow({
    where: { spotCheckId_position: { spotCheckId: check.id, position: 4 } },
  });
  unsafeTaskId = item.taskId;
}, 120_000);

afterAll(async () => {
  await stopQueue();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const REASON = "Internal pilot to test the training pipeline, not for clinical use.";

const api = (body: unknown) =>
  releaseRoute(
    new Request("http://localhost/api/v1/datasets/releases", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    {} as never,
  );

describe("the publish quality gate", () => {
  it("shows the estimate and the unsafe count for the chosen jobs", async () => {
    signInAs(admin);
    const q = await publishQualityAction({ jobIds: [job.id] });
    if (!q.ok) throw new Error(q.message);
    expect(q.data.estimate?.graded).toBe(5);
    expect(q.data.estimate?.acceptable).toBeCloseTo(0.4, 12);
    expect(q.data.estimate?.low).toBeLessThan(0.4);
    expect(q.data.estimate?.high).toBeGreaterThan(0.4);
    expect(q.data.unsafe).toBe(1);
    expect(q.data.minAcceptable).toBe(0.8);
    expect(q.data.concerns).toHaveLength(2);
  });

  it("refuses without a reason at every door and writes nothing; with one, keeps it on the release, audit and card", async () => {
    signInAs(admin);
    const form = await createReleaseAction({ name: "Gate", jobIds: [job.id] });
    expect(form).toMatchObject({ ok: false, code: "INVALID" });
    if (form.ok) throw new Error("published");
    expect(form.fieldErrors?.acceptLowQuality).toBeDefined();
    expect(form.message).toMatch(/40% acceptable \(95% CI \d+%–\d+%\), below the 80%/);
    expect(form.message).toContain("1 record graded unsafe");

    const refusedApi = await api({ name: "Gate", jobIds: [job.id] });
    expect(refusedApi.status).toBe(400);
    const body = (await refusedApi.json()) as {
      error: { message: string; fields: Record<string, string[]> };
    };
    expect(body.error.fields.acceptLowQuality).toBeDefined();
    expect(body.error.message).toContain("acceptLowQuality");
    // Too short a reason is no reason.
    expect((await api({ name: "Gate", jobIds: [job.id], acceptLowQuality: "ok" })).status).toBe(400);
    expect(await db.datasetRelease.count()).toBe(0);

    const accepted = await api({ name: "Gate", jobIds: [job.id], acceptLowQuality: REASON });
    expect(accepted.status).toBe(201);
    const { data } = (await accepted.json()) as { data: { id: string } };
    const release = await db.datasetRelease.findUniqueOrThrow({ where: { id: data.id } });
    expect(release.lowQualityReason).toBe(REASON);
    expect(release.publishQuality).toMatchObject({ unsafe: 1, minAcceptable: 0.8 });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "dataset.release.create", targetId: data.id },
    });
    expect(audit.after).toMatchObject({ lowQualityReason: REASON, unsafe: 1 });

    await buildRelease(data.id);
    const built = await db.datasetRelease.findUniqueOrThrow({ where: { id: data.id } });
    expect(built.state).toBe("READY");
    const zip = unzipSync(new Uint8Array(await new Response(releaseFileStream(data.id, "hf")).arrayBuffer()));
    const card = Buffer.from(zip[`medseed-dataset-${built.number}/README.md`] ?? []).toString("utf8");
    expect(card).toContain("Spot check: 40.0% acceptable (95% CI");
    expect(card).toContain("**1** released record was graded unsafe");
    expect(card).toContain(`with this reason: ${REASON}`);
  });

  it("a release of a checked and an unchecked job says the estimate is of the checked one only, everywhere", async () => {
    signInAs(admin);
    const other = await makeJob(server.baseUrl, { target: 6 });
    expect(await driveJob(other.id)).toBe("COMPLETED");
    const { number, keptCount } = await db.generationJob.findUniqueOrThrow({ where: { id: other.id } });
    const q = await publishQualityAction({ jobIds: [job.id, other.id] });
    if (!q.ok) throw new Error(q.message);
    // The walk: "92% acceptable (38 graded)" of a release whose other job nobody had sampled, said nowhere.
    expect(q.data.estimate).toMatchObject({
      jobs: 1,
      graded: 5,
      unchecked: [{ number, records: keptCount }],
    });
    const note = `job #${number} (${keptCount} records) not spot-checked: the estimate leaves it out`;
    expect(uncheckedNote(q.data.estimate?.unchecked)).toBe(note);
    // One job, checked: nothing to say.
    const one = await publishQualityAction({ jobIds: [job.id] });
    expect(one.ok && one.data.estimate?.unchecked).toEqual([]);

    const made = await api({ name: "Two jobs", jobIds: [job.id, other.id], acceptLowQuality: REASON });
    expect(made.status).toBe(201);
    const { data } = (await made.json()) as { data: { id: string } };
    await buildRelease(data.id);
    const built = await db.datasetRelease.findUniqueOrThrow({ where: { id: data.id } });
    expect((built.stats as { spotCheck: { unchecked: unknown } }).spotCheck.unchecked).toEqual([
      { number, records: keptCount },
    ]);
    const zip = unzipSync(new Uint8Array(await new Response(releaseFileStream(data.id, "hf")).arrayBuffer()));
    const card = Buffer.from(zip[`medseed-dataset-${built.number}/README.md`] ?? []).toString("utf8");
    expect(card).toMatch(
      /- Spot check: 40\.0% acceptable \(95% CI [\d.]+–[\d.]+%, 5 graded\); job #\d+ \(\d+ records\) not spot-checked: the estimate leaves it out\./,
    );
  });

  it("the CLI refuses without --accept-low-quality and publishes with it", async () => {
    const out = path.join(dir, "gate.zip");
    const publish = (...extra: string[]) =>
      npmRun(
        [
          "medseed",
          "--",
          "publish",
          "--job",
          String(job.number),
          "--name",
          "Gate CLI",
          "--format",
          "hf",
          "--out",
          out,
          "--author",
          admin.email,
          ...extra,
        ],
        { MEDSEED_USER: undefined },
        120_000,
      );
    const refused = await publish();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--accept-low-quality");
    expect(fs.existsSync(out)).toBe(false);
    const ok = await publish("--accept-low-quality", REASON);
    expect(ok.code, ok.stderr).toBe(0);
    const zip = unzipSync(new Uint8Array(fs.readFileSync(out)));
    const card = Object.entries(zip).find(([name]) => name.endsWith("README.md"))?.[1];
    expect(Buffer.from(card ?? []).toString("utf8")).toContain(REASON);
  }, 240_000);

  it("an admin's threshold decides; the change is audited once, and only admins may make it", async () => {
    const engineer = await makeUser({ roles: ["ENGINEER"], label: "gate-engineer" });
    signInAs(engineer);
    expect(await setPublishMinAcceptableAction({ minAcceptablePercent: 10 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    signInAs(admin);
    expect(await setPublishMinAcceptableAction({ minAcceptablePercent: 101 })).toMatchObject({ ok: false });
    // Two admins saving the same value at once: one change, one audit row.
    const other = await makeUser({ roles: ["ADMIN"], label: "gate-admin-2" });
    const results = await Promise.all(
      [admin, other].map(async (who) => {
        signInAs(who);
        return setPublishMinAcceptableAction({ minAcceptablePercent: 30 });
      }),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await publishMinAcceptable()).toBe(0.3);
    const audits = await db.auditEvent.findMany({
      where: { action: "settings.update", targetId: PUBLISH_MIN_ACCEPTABLE_KEY },
    });
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits.every((a) => (a.after as { value: number }).value === 0.3)).toBe(true);

    // 40% is above 30%, but the unsafe record is still in: still a reason. Excluded, it publishes freely.
    signInAs(engineer);
    expect(await createReleaseAction({ name: "Still unsafe", jobIds: [job.id] })).toMatchObject({
      ok: false,
    });
    const { curationVersion } = await db.generatedTask.findUniqueOrThrow({ where: { id: unsafeTaskId } });
    await setExcluded(
      { taskId: unsafeTaskId, version: curationVersion, excluded: true, reason: "Unsafe dosing advice" },
      admin,
    );
    const free = await createReleaseAction({ name: "Clean", jobIds: [job.id] });
    if (!free.ok) throw new Error(free.message);
    const release = await db.datasetRelease.findUniqueOrThrow({ where: { id: free.data.id } });
    expect(release.lowQualityReason).toBeNull();
  });
});
