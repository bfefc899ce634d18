import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setUserActive, setUserRoles } from "@/lib/users/manage-user";
import { createFirstAdmin, hasAnyUser } from "@/lib/users/setup";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

describe("first-run set-up and the last admin (own database: needs 'no user exists')", () => {
  it("of ten simultaneous set-ups exactly one wins", async () => {
    expect(await hasAnyUser()).toBe(false);
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        createFirstAdmin({ email: `admin${i}@test.medseed`, password: "long enough pw" }),
      ),
    );
    const won = attempts.filter((a) => a.status === "fulfilled");
    const lost = attempts.filter((a) => a.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const l of lost) expect((l as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.user.count()).toBe(1);
    expect((await db.user.findFirstOrThrow()).roles).toEqual(["ADMIN"]);
    expect(await hasAnyUser()).toBe(true);
  });

  it("once an account exists, set-up is refused", async () => {
    await expect(
      createFirstAdmin({ email: "late@test.medseed", password: "long enough pw" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("never leaves MedSeed without an active admin", async () => {
    const admin = await db.user.findFirstOrThrow({ where: { roles: { has: "ADMIN" } } });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    await expect(setUserRoles(admin.id, ["AUTHOR"], reviewer.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setUserActive(admin.id, false, reviewer.id)).rejects.toMatchObject({ code: "CONFLICT" });
    const unchanged = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(unchanged).toMatchObject({ roles: ["ADMIN"], active: true });

    // With a second admin, the first may step down.
    const second = await makeUser({ roles: ["ADMIN"] });
    await expect(setUserRoles(admin.id, ["AUTHOR"], second.id)).resolves.toMatchObject({ roles: ["AUTHOR"] });
  });

  it("two admins demoting each other at once cannot both succeed", async () => {
    const a = await makeUser({ roles: ["ADMIN"] });
    const b = await makeUser({ roles: ["ADMIN"] });
    await db.user.updateMany({
      where: { id: { notIn: [a.id, b.id] }, roles: { has: "ADMIN" } },
      data: { active: false },
    });
    const results = await Promise.allSettled([
      setUserActive(a.id, false, b.id),
      setUserActive(b.id, false, a.id),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { active: true, roles: { has: "ADMIN" } } })).toBe(1);
  });
});
