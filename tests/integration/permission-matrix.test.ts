import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { POST as reviewRoute } from "@/app/api/v1/seeds/[id]/review/route";
import { PATCH as patchSeedRoute } from "@/app/api/v1/seeds/[id]/route";
import { POST as submitRoute } from "@/app/api/v1/seeds/[id]/submit/route";
import { POST as createSeedRoute } from "@/app/api/v1/seeds/route";
import { protectedAction } from "@/lib/auth/action";
import { createApiToken } from "@/lib/auth/api-token";
import { ALL_PERMISSIONS } from "@/lib/auth/permissions";
import { protectedRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";
import { ROLES, type Role } from "@/lib/model/roles";
import {
  archiveSeedAction,
  bulkArchiveAction,
  bulkSubmitAction,
  reviewSeedAction,
  submitSeedAction,
  undoApprovalAction,
} from "@/lib/review/actions";
import { createSeedAction, updateSeedAction } from "@/lib/seeds/actions";
import { makeUser } from "../support/factories";
import { ROLE_SPEC } from "../support/role-spec";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

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

// The seed use cases through both doors, the server actions and the REST API: each role against a task of its
// own and a task of someone else's. Ownership goes through the ".any" permissions: with one, another author's
// task is yours to act on; with only the plain permission, it is "not found" (not yours); with neither, 403.
describe("seed use cases through the actions and the API", () => {
  const draft = (n: string) => ({
    instruction: `Explain the Wells score for pulmonary embolism, matrix case ${n}.`,
    topic: "Pulmonology",
    view: "Resident",
    taskType: "Open Q&A",
    difficulty: 3,
  });
  const tokens = {} as Record<Role, string>;
  let owner: { id: string };

  beforeAll(async () => {
    owner = await makeUser({ roles: ["AUTHOR"], label: "owner" });
    for (const role of ROLES) tokens[role] = (await createApiToken(users[role].id, "matrix")).token;
  });

  const api = (role: Role, method: string, path: string, body: unknown) =>
    new Request(`http://localhost/api/v1/seeds${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const params = (id: string) => ({ params: Promise.resolve({ id }) });

  /** A task written (and, when asked, submitted) by another author, through the action. */
  async function othersTask(n: string, submit = false) {
    signInAs(owner);
    const made = await createSeedAction(draft(n));
    if (!made.ok) throw new Error(made.message);
    if (submit) expect(await submitSeedAction({ id: made.data.id, version: 1 })).toMatchObject({ ok: true });
    return made.data.id;
  }

  type Expected = "ok" | "not yours" | "forbidden";
  const onOthers = (role: Role, permission: "seed.edit" | "seed.submit" | "seed.archive"): Expected =>
    ROLE_SPEC[role].includes(`${permission}.any`)
      ? "ok"
      : ROLE_SPEC[role].includes(permission)
        ? "not yours"
        : "forbidden";

  async function expectRefusal(
    expected: Expected,
    result: { ok: boolean; code?: string; message?: string },
    response: Response,
  ) {
    const body = await response.json();
    if (expected === "not yours") {
      expect(result).toMatchObject({
        ok: false,
        code: "NOT_FOUND",
        message: expect.stringMatching(/not yours/),
      });
      expect(response.status).toBe(404);
      expect(body.error.message).toMatch(/not yours/);
    } else {
      expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(response.status).toBe(403);
      expect(body.error.code).toBe("FORBIDDEN");
    }
  }

  it.each(ROLES)("%s: creates a task through both doors only with seed.create", async (role) => {
    const allowed = ROLE_SPEC[role].includes("seed.create");
    signInAs(users[role]);
    const viaAction = await createSeedAction(draft(`${role} action`));
    const viaApi = await createSeedRoute(api(role, "POST", "", draft(`${role} api`)));
    const mine = await db.seedTask.count({ where: { authorId: users[role].id } });
    if (allowed) {
      expect(viaAction).toMatchObject({ ok: true, data: { version: 1, status: "DRAFT" } });
      expect(viaApi.status).toBe(201);
    } else {
      expect(viaAction).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(viaApi.status).toBe(403);
      expect(mine).toBe(0);
    }
  });

  it.each(ROLES)("%s: edits another author's task only with seed.edit.any", async (role) => {
    const id = await othersTask(`${role} edit`);
    const expected = onOthers(role, "seed.edit");
    signInAs(users[role]);
    const viaAction = await updateSeedAction({ ...draft(`${role} edit`), id, version: 1, note: "by action" });
    if (expected === "ok") {
      expect(viaAction).toMatchObject({ ok: true, data: { version: 2 } });
      const viaApi = await patchSeedRoute(
        api(role, "PATCH", `/${id}`, { version: 2, note: "by API" }),
        params(id),
      );
      expect(viaApi.status).toBe(200);
      const row = await db.seedTask.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ version: 3, note: "by API", authorId: owner.id });
      const audit = await db.auditEvent.findMany({ where: { targetId: id, action: "seed.edit" } });
      expect(audit.map((a) => a.actorId)).toEqual([users[role].id, users[role].id]);
    } else {
      const viaApi = await patchSeedRoute(
        api(role, "PATCH", `/${id}`, { version: 1, note: "by API" }),
        params(id),
      );
      await expectRefusal(expected, viaAction, viaApi);
      expect(await db.seedTask.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 1, note: "" });
    }
  });

  it.each(ROLES)("%s: submits another author's task only with seed.submit.any", async (role) => {
    const id = await othersTask(`${role} submit`);
    const expected = onOthers(role, "seed.submit");
    signInAs(users[role]);
    const viaAction = await submitSeedAction({ id, version: 1 });
    if (expected === "ok") {
      expect(viaAction).toMatchObject({ ok: true, data: { status: "SUBMITTED" } });
      const again = await othersTask(`${role} submit api`);
      const viaApi = await submitRoute(api(role, "POST", `/${again}/submit`, { version: 1 }), params(again));
      expect(viaApi.status).toBe(200);
    } else {
      const viaApi = await submitRoute(api(role, "POST", `/${id}/submit`, { version: 1 }), params(id));
      await expectRefusal(expected, viaAction, viaApi);
      expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
    }
  });

  it.each(ROLES)("%s: archives another author's task only with seed.archive.any", async (role) => {
    const id = await othersTask(`${role} archive`);
    const expected = onOthers(role, "seed.archive");
    signInAs(users[role]);
    const result = await archiveSeedAction({ id });
    if (expected === "ok") expect(result).toMatchObject({ ok: true, data: { status: "ARCHIVED" } });
    else if (expected === "not yours")
      expect(result).toMatchObject({
        ok: false,
        code: "NOT_FOUND",
        message: expect.stringMatching(/not yours/),
      });
    else expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const status = (await db.seedTask.findUniqueOrThrow({ where: { id } })).status;
    expect(status).toBe(expected === "ok" ? "ARCHIVED" : "DRAFT");
  });

  it.each(ROLES)(
    "%s: submits and archives another author's drafts in bulk only with the .any permissions",
    async (role) => {
      const [toSubmit, toArchive] = [
        await othersTask(`${role} bulk submit`),
        await othersTask(`${role} bulk archive`),
      ];
      signInAs(users[role]);
      const cases = [
        [
          "seed.submit",
          await bulkSubmitAction({ items: [{ id: toSubmit, version: 1 }] }),
          toSubmit,
          "SUBMITTED",
        ],
        [
          "seed.archive",
          await bulkArchiveAction({ items: [{ id: toArchive, version: 1 }] }),
          toArchive,
          "ARCHIVED",
        ],
      ] as const;
      for (const [permission, result, id, done] of cases) {
        const expected = onOthers(role, permission);
        if (expected === "forbidden") expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
        else
          expect(result).toMatchObject({
            ok: true,
            data: [
              {
                id,
                ok: expected === "ok",
                ...(expected === "ok" ? {} : { message: expect.stringMatching(/not yours/) }),
              },
            ],
          });
        const status = (await db.seedTask.findUniqueOrThrow({ where: { id } })).status;
        expect(status).toBe(expected === "ok" ? done : "DRAFT");
      }
    },
  );

  it.each(ROLES)("%s: undoes an approval only with seed.approve", async (role) => {
    const id = await othersTask(`${role} undo`, true);
    const allowed = ROLE_SPEC[role].includes("seed.approve");
    signInAs(users[allowed ? role : "REVIEWER"]);
    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({ ok: true });
    signInAs(users[role]);
    const undone = await undoApprovalAction({ id, version: 1 });
    if (allowed) expect(undone).toMatchObject({ ok: true, data: { status: "SUBMITTED" } });
    else expect(undone).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe(
      allowed ? "SUBMITTED" : "APPROVED",
    );
  });

  it.each(ROLES)("%s: reviews another author's submitted task only with seed.approve", async (role) => {
    const id = await othersTask(`${role} review`, true);
    const allowed = ROLE_SPEC[role].includes("seed.approve");
    signInAs(users[role]);
    const viaAction = await reviewSeedAction({
      id,
      version: 1,
      action: "request_changes",
      reason: "Add vitals.",
    });
    if (allowed) {
      expect(viaAction).toMatchObject({ ok: true, data: { status: "CHANGES_REQUESTED" } });
    } else {
      const viaApi = await reviewRoute(
        api(role, "POST", `/${id}/review`, { version: 1, action: "approve" }),
        params(id),
      );
      await expectRefusal("forbidden", viaAction, viaApi);
      expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    }
  });
});
