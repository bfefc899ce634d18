import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadJobContext } from "@/lib/generation/engine/context";
import { FILTER_VERSION } from "@/lib/generation/filters";
import { DEFAULT_RESPONSE_SYSTEM, RESPONSE_SYSTEM_V1 } from "@/lib/generation/prompt/response-prompt";
import { TASK_TEMPLATE_V1 } from "@/lib/generation/prompt/task-prompt";
import { currentPrompt, savePrompt } from "@/lib/generation/prompts";
import { jobSettingsSchema } from "@/lib/validation/generation";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";

// Prompt versions are global: this file has a database of its own, starting as a store did before version 2
// of the built-in defaults (AlpaCare's multiple-choice rule, its 50-200 word input rule, Alpaca's <= 3 words).
isolateDatabase();

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 5 });
});
afterAll(async () => {
  await server.close();
});

describe("prompt and filter versions", () => {
  it("moves an unedited store to the new built-in defaults; an existing job keeps its versions", async () => {
    const [oldTask, oldResponse] = await Promise.all([
      db.promptTemplate.create({
        data: { kind: "TASK", version: 1, ...TASK_TEMPLATE_V1, note: "built-in default" },
      }),
      db.promptTemplate.create({
        data: { kind: "RESPONSE", version: 1, system: RESPONSE_SYSTEM_V1, note: "built-in default" },
      }),
    ]);
    // A job made before the change: version 1 prompts, settings without a filter version.
    const { id: oldJob } = await makeJob(server.baseUrl, { target: 5 });
    const stored = (await db.generationJob.findUniqueOrThrow({ where: { id: oldJob } })).settings as Record<
      string,
      unknown
    >;
    const { filterVersion: _dropped, ...before } = stored;
    await db.generationJob.update({
      where: { id: oldJob },
      data: { taskPromptId: oldTask.id, responsePromptId: oldResponse.id, settings: before as object },
    });

    // Ten concurrent readers add version 2 once per kind.
    const current = await Promise.all(
      Array.from({ length: 10 }, (_, i) => currentPrompt(i % 2 ? "TASK" : "RESPONSE")),
    );
    expect(new Set(current.map((p) => `${p.kind}${p.version}`))).toEqual(new Set(["TASK2", "RESPONSE2"]));
    expect(await db.promptTemplate.count()).toBe(4);

    const { id: newJob } = await makeJob(server.baseUrl, { target: 5 });
    const jobs = await db.generationJob.findMany({
      where: { id: { in: [oldJob, newJob] } },
      include: { taskPrompt: true, responsePrompt: true },
    });
    const old = jobs.find((j) => j.id === oldJob);
    const made = jobs.find((j) => j.id === newJob);
    expect(old?.taskPrompt.user).toContain("usually 50 to 200 words");
    expect(old?.responsePrompt.system).toBe(RESPONSE_SYSTEM_V1);
    expect(jobSettingsSchema.parse(old?.settings).filterVersion).toBeUndefined();
    expect(made?.taskPrompt.user).toContain("The Input must range from 50 to 200 words");
    expect(made?.responsePrompt.system).toBe(DEFAULT_RESPONSE_SYSTEM);
    expect(jobSettingsSchema.parse(made?.settings).filterVersion).toBe(FILTER_VERSION);

    // What the engine runs with: the old job keeps version 1 of its prompts and of the length filter.
    const ctx = await loadJobContext(oldJob);
    expect(ctx.taskPrompt.version).toBe(1);
    expect(ctx.responsePrompt.version).toBe(1);
    expect(ctx.settings.filterVersion ?? 1).toBe(1);
    expect((await loadJobContext(newJob)).settings.filterVersion).toBe(2);
  });

  it("keeps an admin's edit current: no built-in version is added over it", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const latest = await currentPrompt("RESPONSE");
    await savePrompt(
      "RESPONSE",
      { system: "Edited by an admin.", user: "", basedOn: latest.version },
      admin.id,
    );
    expect((await currentPrompt("RESPONSE")).system).toBe("Edited by an admin.");
    expect((await currentPrompt("RESPONSE")).version).toBe(latest.version + 1);
  });
});
