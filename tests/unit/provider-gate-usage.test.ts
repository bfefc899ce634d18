import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Issue 15: every outbound model request passes the PHI gate. The raw client (createLlmClient) is built only
// inside the provider layer's screened.ts; generation, evaluation, rating and the CLIs get a screened one
// (createScreenedClient, or lib/generation/outbound.ts's openScreenedClient). A new caller that reaches for
// the raw client fails here.

const ROOTS = ["app", "components", "lib", "scripts"];
const ALLOWED = new Set(["lib/generation/provider/client.ts", "lib/generation/provider/screened.ts"]);

function sources(dir: string, out: string[]) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "generated", ".next"].includes(e.name)) continue;
    const p = path.posix.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
}

describe("the provider layer's PHI gate", () => {
  it("is the only way to a model client: nothing outside the provider layer builds the raw client", () => {
    const files: string[] = [];
    for (const r of ROOTS) sources(r, files);
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter(
      (f) => !ALLOWED.has(f) && /\bcreateLlmClient\b|provider\/client["']/.test(fs.readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("gates evaluation, rating and generation", () => {
    for (const f of ["lib/evaluation/engine.ts", "lib/rating/engine.ts", "lib/generation/engine/context.ts"])
      expect(fs.readFileSync(f, "utf8"), f).toMatch(/openScreenedClient\(/);
    expect(fs.readFileSync("scripts/cli/rate.ts", "utf8")).toMatch(/createScreenedClient\(/);
  });
});
