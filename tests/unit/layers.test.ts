import { describe, expect, it } from "vitest";
import { checkLayers, domainOf, type ImportGraph } from "@/scripts/lib/layers";

const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe("the layering check", () => {
  it("passes a tree whose imports flow down and whose lib/ domains form no circle", () => {
    const clean = graph({
      "app/(app)/seeds/actions.ts": ["lib/seeds/use-cases.ts", "components/ui/button.tsx"],
      "components/seeds/seed-editor.tsx": ["lib/seeds/types.ts"],
      "lib/review/queue.ts": ["lib/seeds/list.ts", "lib/db.ts", "lib/generated/prisma/client.ts"],
      "lib/seeds/list.ts": ["lib/db.ts", "lib/auth/actor.ts"],
      "scripts/cli.ts": ["lib/db.ts"],
    });
    expect(checkLayers(clean)).toEqual([]);
  });

  it("names a component or lib file that imports app/", () => {
    const v = checkLayers(
      graph({
        "components/seeds/use-autosave.ts": ["app/(app)/seeds/actions.ts"],
        "lib/seeds/x.ts": ["app/api/v1/seeds/route.ts"],
      }),
    );
    expect(v.map((x) => x.rule)).toEqual(["upward", "upward"]);
    expect(v[0]?.message).toContain("components/seeds/use-autosave.ts imports app/(app)/seeds/actions.ts");
  });

  it("names a page or component that reaches the database", () => {
    const v = checkLayers(
      graph({
        "app/(app)/exports/page.tsx": ["lib/db.ts"],
        "components/x.tsx": ["lib/generated/prisma/enums.ts"],
      }),
    );
    expect(v.map((x) => x.rule)).toEqual(["prisma", "prisma"]);
  });

  it("lets a route call a function beside the database client, but not the client itself", () => {
    const v = checkLayers(
      graph({
        "app/api/health/route.ts": ["lib/db/health.ts"],
        "app/api/other/route.ts": ["lib/db.ts"],
        "lib/db/health.ts": ["lib/db.ts"],
      }),
    );
    expect(v.map((x) => x.message)).toEqual([
      "app/api/other/route.ts imports lib/db.ts: the database is used only under lib/ (call a lib/ function)",
    ]);
  });

  it("finds a circle between lib/ domains, through any number of them, and names the imports", () => {
    const v = checkLayers(
      graph({
        "lib/seeds/mutations.ts": ["lib/review/state-machine.ts"],
        "lib/review/queue.ts": ["lib/validation/seed-list.ts"],
        "lib/validation/seed-list.ts": ["lib/seeds/types.ts"],
        "lib/seeds/types.ts": ["lib/auth/roles.ts"],
      }),
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.rule).toBe("cycle");
    expect(v[0]?.message).toContain("lib/review, lib/seeds, lib/validation");
    expect(v[0]?.message).toContain(
      "lib/seeds -> lib/review (lib/seeds/mutations.ts -> lib/review/state-machine.ts)",
    );
    expect(v[0]?.message).not.toContain("lib/auth");
  });

  it("treats a top-level lib file and its folder as one domain", () => {
    expect(domainOf("lib/db.ts")).toBe("lib/db");
    expect(domainOf("lib/db/migrate.ts")).toBe("lib/db");
    expect(domainOf("lib/seeds/import/map.ts")).toBe("lib/seeds");
    expect(domainOf("components/x.tsx")).toBeNull();
  });
});
