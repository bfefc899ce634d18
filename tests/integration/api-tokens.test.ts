import { describe, expect, it, vi } from "vitest";
import { createTokenAction, revokeTokenAction } from "@/app/(app)/account/tokens/actions";
import { GET as listSeedsRoute } from "@/app/api/v1/seeds/route";
import { GET as listUsersRoute } from "@/app/api/v1/users/route";
import { listApiTokens } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import { setUserActive, setUserRoles } from "@/lib/users/manage-user";
import { makeUser } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const withToken = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const seeds = (token: string) =>
  listSeedsRoute(new Request("http://localhost/api/v1/seeds", withToken(token)));
const users = (token: string) =>
  listUsersRoute(new Request("http://localhost/api/v1/users", withToken(token)));

async function newToken(user: { id: string }, name = "laptop") {
  signInAs(user);
  const result = await createTokenAction({ name });
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

describe("personal API tokens", () => {
  it("are created from a session, shown once, stored only as a hash, and work as Bearer tokens", async () => {
    const user = await makeUser({ roles: ["AUTHOR"] });
    const { token, view } = await newToken(user, "  nightly sync  ");
    expect(token).toMatch(/^msd_[\w-]{40,}$/);
    expect(view).toMatchObject({ name: "nightly sync", prefix: token.slice(0, 10), revokedAt: null });
    expect(view).not.toHaveProperty("tokenHash");

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.values(row).map(String)).not.toContain(token);
    expect(JSON.stringify(await listApiTokens(user.id))).not.toContain(token);

    expect(row.lastUsedAt).toBeNull();
    expect((await seeds(token)).status).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt).not.toBeNull();
  });

  it("need a name, and a session: anonymous callers are refused", async () => {
    const user = await makeUser();
    signInAs(user);
    expect(await createTokenAction({ name: "   " })).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { name: expect.any(Array) },
    });
    signInAs(null);
    expect(await createTokenAction({ name: "sneaky" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await revokeTokenAction({ id: "anything" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await db.apiToken.count({ where: { name: "sneaky" } })).toBe(0);
  });

  it("revoking ends access at once; only the owner can revoke", async () => {
    const owner = await makeUser({ roles: ["REVIEWER"] });
    const { token, view } = await newToken(owner);

    signInAs(await makeUser({ roles: ["ADMIN"] }));
    expect(await revokeTokenAction({ id: view.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await seeds(token)).status).toBe(200);

    signInAs(owner);
    expect(await revokeTokenAction({ id: view.id })).toMatchObject({ ok: true });
    const res = await seeds(token);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
    expect(await revokeTokenAction({ id: view.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const [listed] = await listApiTokens(owner.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
  });

  it("carry the owner's current roles, and stop with a deactivated account", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const user = await makeUser({ roles: ["ADMIN"] });
    const { token } = await newToken(user);
    expect((await users(token)).status).toBe(200);

    await setUserRoles(user.id, ["AUTHOR"], admin.id);
    expect((await users(token)).status).toBe(403);
    expect((await seeds(token)).status).toBe(200);

    await setUserActive(user.id, false, admin.id);
    expect((await seeds(token)).status).toBe(401);
  });

  it("a request with a bad token is refused even when a session would be valid", async () => {
    const user = await makeUser({ roles: ["AUTHOR"] });
    signInAs(user);
    expect((await seeds("msd_forged")).status).toBe(401);
    expect((await listSeedsRoute(new Request("http://localhost/api/v1/seeds"))).status).toBe(200);
  });
});
