import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, can } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/model/roles";
import { ROLE_SPEC } from "../support/role-spec";

describe("permission table", () => {
  it("names exactly the permissions the spec knows", () => {
    const specified = new Set(Object.values(ROLE_SPEC).flat());
    expect([...ALL_PERMISSIONS].sort()).toEqual([...specified].sort());
  });

  for (const permission of ALL_PERMISSIONS) {
    for (const role of ROLES) {
      const expected = ROLE_SPEC[role].includes(permission);
      it(`${role} ${expected ? "may" : "may not"} ${permission}`, () => {
        expect(can([role], permission)).toBe(expected);
      });
    }
    it(`anonymous may not ${permission}`, () => {
      expect(can(null, permission)).toBe(false);
      expect(can([], permission)).toBe(false);
    });
  }

  it("grants the union of several roles", () => {
    expect(can(["AUTHOR", "REVIEWER"], "seed.create")).toBe(true);
    expect(can(["AUTHOR", "REVIEWER"], "seed.approve")).toBe(true);
    expect(can(["AUTHOR", "REVIEWER"], "user.manage")).toBe(false);
  });
});
