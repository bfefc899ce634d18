import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { jobView, listJobs } from "@/lib/generation/progress";
import { makeJob } from "../support/generation";

// A job's page and the job list say who started it by name, as releases and exports do ("published by Eli
// Engineer"); the email only for an account without a name.
describe("who started a generation job", () => {
  it("is named by the account's name, else its email", async () => {
    const named = await makeJob("http://127.0.0.1:9/v1");
    await db.user.update({ where: { id: named.admin.id }, data: { name: "Eli Engineer" } });
    const unnamed = await makeJob("http://127.0.0.1:9/v1");
    expect((await jobView(named.id))?.creator).toBe("Eli Engineer");
    expect((await jobView(unnamed.id))?.creator).toBe(unnamed.admin.email);
    const listed = new Map((await listJobs(500)).map((j) => [j.id, j.creator]));
    expect(listed.get(named.id)).toBe("Eli Engineer");
    expect(listed.get(unnamed.id)).toBe(unnamed.admin.email);
  });
});
