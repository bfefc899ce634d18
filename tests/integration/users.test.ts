import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { setUserActive, setUserRoles } from "@/lib/users/manage-user";
import { MACHINE_OPERATOR } from "@/lib/users/types";
import { createUserAccount } from "@/lib/users/use-cases/create-user-account";
import { makeUser, uniqueEmail } from "../support/factories";

describe("createUser", () => {
  it("stores a bcrypt hash, never the password, and audits the creation", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const email = uniqueEmail("new");
    const user = await createUser(
      { email, password: "a long password", roles: ["AUTHOR", "REVIEWER"] },
      admin.id,
    );
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain("a long password");
    expect(await verifyPassword("a long password", row.passwordHash)).toBe(true);
    expect(await verifyPassword("another password", row.passwordHash)).toBe(false);
    expect(row.roles.sort()).toEqual(["AUTHOR", "REVIEWER"]);
    const audit = await db.auditEvent.findFirst({ where: { action: "user.create", targetId: user.id } });
    expect(audit?.actorId).toBe(admin.id);
  });

  it("refuses a second account with the same email, naming the field", async () => {
    const email = uniqueEmail("dup");
    await createUser({ email, password: "a long password", roles: ["AUTHOR"] }, null);
    const again = createUser({ email, password: "another password", roles: ["REVIEWER"] }, null);
    await expect(again).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: expect.any(Array) },
    });
  });
});

describe("createUserAccount", () => {
  it("lets the machine's operator create accounts only while no active admin exists", async () => {
    await makeUser({ roles: ["ADMIN"] }); // whatever else this database holds, it now has an admin
    const email = uniqueEmail("late-operator");
    await expect(
      createUserAccount(MACHINE_OPERATOR, { email, password: "a long password", roles: ["ADMIN"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });

  it("refuses an actor without user.manage, whichever door it came through", async () => {
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const email = uniqueEmail("by-reviewer");
    await expect(
      createUserAccount(reviewer, { email, password: "a long password", roles: ["AUTHOR"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/user\.manage/) });
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });
});

describe("roles and activation", () => {
  it("refuses to deactivate yourself", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    await expect(setUserActive(admin.id, false, admin.id)).rejects.toBeInstanceOf(AppError);
  });

  it("changes roles and records before and after", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const user = await makeUser({ roles: ["AUTHOR"] });
    const updated = await setUserRoles(user.id, ["REVIEWER", "REVIEWER"], admin.id);
    expect(updated.roles).toEqual(["REVIEWER"]);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "user.roles", targetId: user.id },
    });
    expect(audit.before).toEqual({ roles: ["AUTHOR"] });
    expect(audit.after).toEqual({ roles: ["REVIEWER"] });
  });

  it("answers not found for an unknown user", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    await expect(setUserRoles("no-such-user", ["AUTHOR"], admin.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("audit log", () => {
  it("is append-only in the database itself", async () => {
    const event = await db.auditEvent.create({ data: { action: "test.event" } });
    await expect(
      db.auditEvent.update({ where: { id: event.id }, data: { action: "changed" } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe("test.event");
  });
});
