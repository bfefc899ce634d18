import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import AuditLogPage from "@/app/(app)/admin/audit/page";
import { setApprovalsRequiredAction } from "@/app/(app)/admin/settings/actions";
import { auditActions, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";
import { db } from "@/lib/db";
import { approvalsRequired } from "@/lib/review/settings";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The approvals setting is global: this file changes it in a database of its own.
isolateDatabase();

const list = async (params: Record<string, unknown>, size?: number) =>
  listAuditEvents(auditQuerySchema.parse(params), size);
const ids = async (params: Record<string, unknown>) => (await list(params)).rows.map((r) => r.id);

describe("audit log query", () => {
  const e = {} as Record<"create1" | "edit1" | "edit2" | "failed", string>;
  let ana: { id: string; email: string };

  beforeAll(async () => {
    ana = await makeUser({ roles: ["AUTHOR"], label: "ana" });
    const bob = await makeUser({ roles: ["AUTHOR"], label: "bob" });
    const add = async (data: Parameters<typeof db.auditEvent.create>[0]["data"]) =>
      (await db.auditEvent.create({ data })).id.toString();
    e.create1 = await add({
      actorId: ana.id,
      action: "seed.create",
      targetType: "seed",
      targetId: "s1",
      at: new Date("2024-03-01T10:00:00Z"),
      after: { topic: "Asthma" },
    });
    e.edit1 = await add({
      actorId: ana.id,
      action: "seed.edit",
      targetType: "seed",
      targetId: "s1",
      at: new Date("2024-03-02T23:59:59Z"),
      before: { topic: "Asthma" },
      after: { topic: "COPD" },
    });
    e.edit2 = await add({
      actorId: bob.id,
      action: "seed.edit",
      targetType: "seed",
      targetId: "s2",
      at: new Date("2024-03-03T00:00:00Z"),
      ip: "10.0.0.7",
    });
    e.failed = await add({
      action: "auth.signin_failed",
      after: { email: "ghost@nowhere.test" },
      at: new Date("2024-03-04T08:00:00Z"),
    });
  });

  it("filters by action, newest first", async () => {
    expect(await ids({ action: "seed.edit", to: "2024-03-31" })).toEqual([e.edit2, e.edit1]);
  });

  it("filters by actor email, whole or in part, and finds failed sign-ins by the address tried", async () => {
    expect(await ids({ actor: ana.email, to: "2024-03-31" })).toEqual([e.edit1, e.create1]);
    expect(await ids({ actor: ana.email.slice(0, 8).toUpperCase(), to: "2024-03-31" })).toEqual([
      e.edit1,
      e.create1,
    ]);
    expect(await ids({ actor: "ghost@" })).toEqual([e.failed]);
  });

  it("filters by target id, and combines filters", async () => {
    expect(await ids({ target: "s1" })).toEqual([e.edit1, e.create1]);
    expect(await ids({ target: "s1", action: "seed.edit" })).toEqual([e.edit1]);
  });

  it("filters by whole UTC days, both ends included", async () => {
    expect(await ids({ from: "2024-03-02", to: "2024-03-02" })).toEqual([e.edit1]);
    expect(await ids({ from: "2024-03-02", to: "2024-03-03" })).toEqual([e.edit2, e.edit1]);
    expect(await ids({ from: "2024-03-04", to: "2024-03-04" })).toEqual([e.failed]);
  });

  it("returns actor, target, ip and before/after", async () => {
    const [row] = (await list({ target: "s1", action: "seed.edit" })).rows;
    expect(row).toMatchObject({
      action: "seed.edit",
      targetType: "seed",
      targetId: "s1",
      actor: { email: ana.email },
    });
    expect(row?.before).toEqual({ topic: "Asthma" });
    expect(row?.after).toEqual({ topic: "COPD" });
    expect((await list({ target: "s2" })).rows[0]?.ip).toBe("10.0.0.7");
  });

  it("drops malformed parameters instead of failing", () => {
    const q = auditQuerySchema.parse({
      action: "",
      from: "2024-02-30",
      to: "yesterday",
      older: "1 OR 1=1",
      actor: ["a", "b"],
    });
    expect(q).toEqual({
      action: undefined,
      actor: undefined,
      target: undefined,
      from: undefined,
      to: undefined,
      older: undefined,
      newer: undefined,
    });
  });

  it("lists each recorded action once, sorted", async () => {
    const actions = await auditActions();
    expect(actions).toEqual([...new Set(actions)].sort());
    expect(actions).toEqual(expect.arrayContaining(["auth.signin_failed", "seed.create", "seed.edit"]));
  });
});

describe("audit log paging", () => {
  it("walks 120 events 50 at a time, older then newer, with ties on time kept in order", async () => {
    const base = Date.parse("2023-06-01T00:00:00Z");
    const all: string[] = [];
    for (let i = 0; i < 120; i++) {
      const at = new Date(base + Math.floor(i / 3) * 1000); // three events per second: ties broken by id
      all.push((await db.auditEvent.create({ data: { action: "test.paging", at } })).id.toString());
    }
    const newestFirst = [...all].reverse();
    const p1 = await list({ action: "test.paging" });
    expect(p1.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 50));
    expect(p1.newer).toBeNull();
    const p2 = await list({ action: "test.paging", older: p1.older });
    expect(p2.rows.map((r) => r.id)).toEqual(newestFirst.slice(50, 100));
    const p3 = await list({ action: "test.paging", older: p2.older });
    expect(p3.rows.map((r) => r.id)).toEqual(newestFirst.slice(100));
    expect(p3.older).toBeNull();
    const back2 = await list({ action: "test.paging", newer: p3.newer });
    expect(back2.rows.map((r) => r.id)).toEqual(newestFirst.slice(50, 100));
    const back1 = await list({ action: "test.paging", newer: back2.newer });
    expect(back1.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 50));
    expect(back1.newer).toBeNull();
    expect(back1.older).toBe(p1.older);
  });
});

describe("admins only", () => {
  it("the audit page answers 403 to authors and reviewers and renders for admins", async () => {
    process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
    const open = () => AuditLogPage({ searchParams: Promise.resolve({}) });
    for (const role of ["AUTHOR", "REVIEWER"] as const) {
      signInAs(await makeUser({ roles: [role] }));
      await expect(open()).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
    }
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    const html = renderToStaticMarkup(await open());
    expect(html).toContain("Before / after");
    expect(html).toContain('href="/seeds/s1"');
  });

  it("an author cannot change the approvals setting; nothing changes and nothing is recorded", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    expect(await setApprovalsRequiredAction({ approvals: 3 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await approvalsRequired()).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "settings.update" } })).toBe(0);
  });

  it("an admin changes it from the form, with an audit row; out-of-range values are refused", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    signInAs(admin);
    const form = new FormData();
    form.set("approvals", "2");
    expect(await setApprovalsRequiredAction(form)).toEqual({
      ok: true,
      data: { approvalsRequired: 2, changed: true },
    });
    expect(await approvalsRequired()).toBe(2);
    const rows = await list({ action: "settings.update" });
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({
      actor: { email: admin.email },
      before: { value: 1 },
      after: { value: 2 },
    });

    for (const approvals of [0, 6, 1.5]) {
      const refused = await setApprovalsRequiredAction({ approvals });
      expect(refused).toMatchObject({ ok: false, code: "INVALID" });
      if (!refused.ok) expect(refused.fieldErrors?.approvals?.length).toBeGreaterThan(0);
    }
    expect(await setApprovalsRequiredAction({ approvals: 2 })).toMatchObject({
      ok: true,
      data: { changed: false },
    });
    expect(await approvalsRequired()).toBe(2);
    expect(await db.auditEvent.count({ where: { action: "settings.update" } })).toBe(1);
  });
});
