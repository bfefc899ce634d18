import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import DashboardPage from "@/app/(app)/page";
import { countReadyReleases } from "@/lib/dataset/releases/stats";
import { db } from "@/lib/db";
import { jobStateCounts } from "@/lib/generation/stats";
import type { JobState } from "@/lib/model/job-states";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// The dashboard of the people who run generation: global counts, so this file has a database of its own.
isolateDatabase();

type User = Awaited<ReturnType<typeof makeUser>>;
let engineer: User;
let author: User;

beforeAll(async () => {
  engineer = await makeUser({ roles: ["ENGINEER"], label: "eng" });
  author = await makeUser({ roles: ["AUTHOR"], label: "author" });
  const states: JobState[] = ["QUEUED", "RUNNING", "RUNNING", "PAUSED", "FAILED", "COMPLETED", "COMPLETED"];
  for (const state of states) {
    // Nothing runs the jobs here (no worker): the states are set as a worker would leave them.
    const job = await makeJob("http://127.0.0.1:9/v1");
    await db.generationJob.update({ where: { id: job.id }, data: { state } });
  }
  for (let i = 0; i < 3; i++) {
    await db.seedTask.create({
      data: {
        instruction: `Approved task ${i}`,
        authorId: author.id,
        contentHash: `dash-${i}`,
        status: i < 2 ? "APPROVED" : "DRAFT",
      },
    });
  }
  for (const state of ["READY", "PENDING", "FAILED"] as const) {
    await db.datasetRelease.create({
      data: { name: `Release ${state}`, state, jobIds: [], threshold: 0.7, creatorId: engineer.id },
    });
  }
});

const render = async (user: User) => {
  signInAs(user);
  return renderToStaticMarkup(await DashboardPage());
};

/** The number on the tile with this label. */
const tile = (html: string, label: string) =>
  Number(new RegExp(`>(\\d+)</div><div class="text-sm">${label}</div>`).exec(html)?.[1] ?? Number.NaN);

describe("the dashboard of an ML engineer", () => {
  it("counts jobs by state, every state present", async () => {
    expect(await jobStateCounts()).toEqual({
      QUEUED: 1,
      RUNNING: 2,
      PAUSED: 1,
      COMPLETED: 2,
      FAILED: 1,
      CANCELLED: 0,
    });
    expect(await countReadyReleases()).toBe(1);
  });

  it("shows what there is to export, what runs, what stopped and what is published, each linking on", async () => {
    const html = await render(engineer);
    expect(html).toContain("Generation and datasets");
    expect(tile(html, "Approved seeds to export")).toBe(2);
    expect(tile(html, "Jobs queued or running")).toBe(3);
    expect(tile(html, "Jobs paused or failed")).toBe(2);
    expect(tile(html, "Datasets published")).toBe(1);
    for (const href of ["/exports", "/generation", "/datasets"]) expect(html).toContain(`href="${href}"`);
  });

  it("offers an engineer's next steps, not an author's, a reviewer's or an admin's", async () => {
    const html = await render(engineer);
    expect(html).toContain("Run generation");
    expect(html).toContain("Curate and publish datasets");
    for (const other of [
      "Write seed tasks",
      "Review submitted tasks",
      "Add your team",
      "Waiting for your review",
    ])
      expect(html).not.toContain(other);
  });

  it("is not shown to an author", async () => {
    const html = await render(author);
    expect(html).not.toContain("Generation and datasets");
    expect(html).toContain("My seed tasks");
  });
});
