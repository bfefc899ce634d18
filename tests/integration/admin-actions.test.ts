import { describe, expect, it, vi } from "vitest";
import { createUserAction, setUserActiveAction, setUserRolesAction } from "@/app/(app)/admin/users/actions";
import { POST as createUserRoute, GET as listUsersRoute } from "@/app/api/v1/users/route";
import { db } from "@/lib/db";
import { makeUser, uniqueEmail } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

function form(fields: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) f.append(k, one);
  return f;
}

describe("admin server actions", () => {
  it("an author calling createUserAction directly is refused and nothing is created", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const email = uniqueEmail("sneaky");
    const result = await createUserAction(form({ email, password: "long enough pw", roles: "ADMIN" }));
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });

  it("an admin creates a user from the form, with several roles", async () => {
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    const email = uniqueEmail("Created").toUpperCase();
    const result = await createUserAction(
      form({ email: ` ${email} `, password: "long enough pw", roles: ["AUTHOR", "REVIEWER"] }),
    );
    expect(result.ok).toBe(true);
    const row = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(row.roles.sort()).toEqual(["AUTHOR", "REVIEWER"]);
  });

  it("bad input comes back with a message per field", async () => {
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    const result = await createUserAction(form({ email: "not-an-email", password: "short" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("INVALID");
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["email", "password", "roles"]);
  });

  it("a common password or a single repeated character is refused, saying why; nothing is created", async () => {
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    for (const [password, why] of [
      ["password1234", /common/],
      ["xxxxxxxxxxxxxxxx", /single repeated character/],
    ] as const) {
      const email = uniqueEmail("weak");
      const result = await createUserAction(form({ email, password, roles: "AUTHOR" }));
      expect(result).toMatchObject({
        ok: false,
        code: "INVALID",
        fieldErrors: { password: [expect.stringMatching(why)] },
      });
      expect(await db.user.findUnique({ where: { email } })).toBeNull();
    }
    const api = await createUserRoute(
      new Request("http://localhost/api/v1/users", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: uniqueEmail("weak"), password: "qwertyuiop", roles: ["AUTHOR"] }),
      }),
    );
    expect(api.status).toBe(400);
    expect((await api.json()).error.fields.password[0]).toMatch(/common passwords/);
  });

  it("role changes and deactivation need user.manage", async () => {
    const target = await makeUser({ roles: ["AUTHOR"] });
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    expect(await setUserRolesAction({ userId: target.id, roles: ["ADMIN"] })).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await setUserActiveAction({ userId: target.id, active: false })).toMatchObject({
      code: "FORBIDDEN",
    });
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    expect(await setUserActiveAction({ userId: target.id, active: false })).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).active).toBe(false);
  });

  it("a deactivated user's session stops working at once", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const victim = await makeUser({ roles: ["ADMIN"] });
    signInAs(victim);
    expect((await listUsersRoute(new Request("http://localhost/api/v1/users"))).status).toBe(200);
    signInAs(admin);
    expect(await setUserActiveAction({ userId: victim.id, active: false })).toMatchObject({ ok: true });
    signInAs(victim);
    expect((await listUsersRoute(new Request("http://localhost/api/v1/users"))).status).toBe(401);
  });
});

describe("/api/v1/users", () => {
  const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    createUserRoute(new Request("http://localhost/api/v1/users", { method: "POST", body, headers }));

  it("401 anonymous, 403 author, 400 naming the field, 201 admin", async () => {
    signInAs(null);
    expect((await post("{}")).status).toBe(401);
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    expect((await post("{}")).status).toBe(403);
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    const bad = await post(
      JSON.stringify({ email: uniqueEmail(), password: "long enough pw", roles: ["NURSE"] }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty("roles");
    const notJson = await post("{nope");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/not valid JSON/);
    const ok = await post(
      JSON.stringify({ email: uniqueEmail(), password: "long enough pw", roles: ["AUTHOR"] }),
    );
    expect(ok.status).toBe(201);
    expect((await ok.json()).data).not.toHaveProperty("passwordHash");
  });

  it("refuses what a cross-site form could send: a non-JSON body, or another site's Origin", async () => {
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    const body = JSON.stringify({ email: uniqueEmail("csrf"), password: "long enough pw", roles: ["ADMIN"] });
    const plain = await post(body, { "content-type": "text/plain" });
    expect(plain.status).toBe(400);
    expect((await plain.json()).error.message).toMatch(/application\/json/);
    const crossSite = await post(body, {
      "content-type": "application/json",
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
    expect(await db.user.count({ where: { email: JSON.parse(body).email } })).toBe(0);
  });
});
