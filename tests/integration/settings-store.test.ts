import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { readSetting, type SettingSpec, updateSetting } from "@/lib/settings/store";
import { makeUser } from "../support/factories";

// The one way settings are read and changed (approvals per round, the publish threshold, trusted endpoints,
// the price table).

const listSpec = (): SettingSpec<string[]> => ({
  key: `test.list.${randomUUID()}`,
  schema: z.array(z.string()),
  fallback: [],
});

describe("settings", () => {
  it("ten admins changing a list at once each add their entry: no change overwrites another", async () => {
    const spec = listSpec();
    const admins = await Promise.all(Array.from({ length: 10 }, () => makeUser({ roles: ["ADMIN"] })));
    await Promise.all(admins.map((a) => updateSetting(spec, a.id, (before) => [...before, a.id])));
    expect((await readSetting(spec)).sort()).toEqual(admins.map((a) => a.id).sort());
    expect(await db.auditEvent.count({ where: { targetType: "setting", targetId: spec.key } })).toBe(10);
  });

  it("saving the same value ten times changes it once and audits it once", async () => {
    const spec = listSpec();
    const admin = await makeUser({ roles: ["ADMIN"] });
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await updateSetting(spec, admin.id, () => ["a", "b"]));
    expect(results.map((r) => r.changed)).toEqual([true, ...Array(9).fill(false)]);
    const audits = await db.auditEvent.findMany({ where: { targetId: spec.key } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: "settings.update",
      before: { value: [] },
      after: { value: ["a", "b"] },
    });
  });

  it("a stored value its schema refuses reads as the default", async () => {
    const spec = listSpec();
    await db.setting.create({ data: { key: spec.key, value: { not: "a list" } } });
    expect(await readSetting(spec)).toEqual([]);
  });
});
