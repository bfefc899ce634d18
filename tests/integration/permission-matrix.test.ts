import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { ALL_PERMISSIONS } from "@/lib/auth/permissions";
import { protectedRoute } from "@/lib/auth/route";
import { ROLES, type Role } from "@/lib/model/roles";
import { makeUser } from "../support/factories";
import { ROLE_SPEC } from "../support/role-spec";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// Every permission x every role (and anonymous, and a deactivated account) through the real wrappers:
// the session's account is loaded from Postgres, its roles checked against the table.
const users = {} as Record<Role, { id: string }>;
let deactivatedAdmin: { id: string };

beforeAll(async () => {
  for (const role of ROLES) users[role] = await makeUser({ roles: [role], label: role.toLowerCase() });
  deactivatedAdmin = await makeUser({ roles: ["ADMIN"], active: false, label: "gone" });
});

describe.each(ALL_PERMISSIONS)("%s", (permission) => {
  const ran = vi.fn(async () => "ran");
  const action = protectedAction({ permission, input: z.object({}) }, ran);
  const route = protectedRoute({ permission }, async () => ({ ran: true }));
  const call = () => route(new Request("http://localhost/api/test"));

  it.each(ROLES)(`%s: as the permission table says`, async (role) => {
    signInAs(users[role]);
    const allowed = ROLE_SPEC[role].includes(permission);
    const result = await action({});
    const response = await call();
    if (allowed) {
      expect(result).toEqual({ ok: true, data: "ran" });
      expect(response.status).toBe(200);
    } else {
      expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
  });

  it("anonymous: refused as unauthenticated", async () => {
    signInAs(null);
    ran.mockClear();
    expect(await action({})).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect((await call()).status).toBe(401);
    expect(ran).not.toHaveBeenCalled();
  });

  it("deactivated account: its session no longer works", async () => {
    signInAs(deactivatedAdmin);
    ran.mockClear();
    expect(await action({})).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect((await call()).status).toBe(401);
    expect(ran).not.toHaveBeenCalled();
  });
});
