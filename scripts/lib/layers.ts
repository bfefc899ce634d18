import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

// The house's layering, checked from the TypeScript imports themselves (run by `npm test`):
//   app/ (routes, actions, route handlers) -> components/ -> lib/  ; scripts/ may use lib/
// 1. Nothing under components/ or lib/ imports from app/.
// 2. Prisma (the generated client, and the one client instance in lib/db.ts) is imported only under lib/ and
//    scripts/. Functions beside it (lib/db/health.ts) are lib/ functions like any other: pages may call them.
// 3. No import cycle between lib/ domain folders (lib/seeds, lib/review, ...; a top-level lib/x.ts is its own node).

export type Violation = { rule: "upward" | "prisma" | "cycle"; message: string };
export type ImportGraph = Map<string, string[]>; // repo-relative file -> repo-relative files it imports

const SOURCE = /\.(ts|tsx)$/;
const ROOTS = ["app", "components", "lib", "scripts"];
const SKIP = new Set(["node_modules", ".next", "generated", ".data"]);

function listSources(root: string, dir: string, out: string[]) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return;
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) listSources(root, rel, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
}

function resolve(root: string, from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const abs = path.join(root, candidate);
    if (fs.existsSync(abs) && fs.statSync(abs).isFile()) return candidate;
  }
  return base; // a generated or non-TS target (lib/generated/..., .css): kept for rule 2
}

/** Every import (static, dynamic, re-export) of the project's TypeScript sources. */
export function readImportGraph(root: string): ImportGraph {
  const files: string[] = [];
  for (const r of ROOTS) listSources(root, r, files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
    const targets = info.importedFiles
      .map((f) => resolve(root, file, f.fileName))
      .filter((t): t is string => t !== null);
    graph.set(file, targets);
  }
  return graph;
}

/** lib/seeds/import/x.ts -> lib/seeds; lib/db.ts -> lib/db; lib/db/migrate.ts -> lib/db */
export function domainOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] !== "lib" || parts.length < 2) return null;
  return `lib/${(parts[1] as string).replace(SOURCE, "")}`;
}

const isPrisma = (target: string) => target.startsWith("lib/generated/prisma") || target === "lib/db.ts";

export function checkLayers(graph: ImportGraph): Violation[] {
  const out: Violation[] = [];
  const domains = new Map<string, Map<string, string>>(); // domain -> imported domain -> one example edge
  for (const [file, targets] of graph) {
    const top = file.split("/")[0];
    for (const target of targets) {
      if ((top === "components" || top === "lib") && target.startsWith("app/")) {
        out.push({
          rule: "upward",
          message: `${file} imports ${target}: components/ and lib/ never import app/`,
        });
      }
      if ((top === "app" || top === "components") && isPrisma(target)) {
        out.push({
          rule: "prisma",
          message: `${file} imports ${target}: the database is used only under lib/ (call a lib/ function)`,
        });
      }
      const from = domainOf(file);
      const to = domainOf(target);
      if (from && to && from !== to && !target.startsWith("lib/generated/")) {
        const edges = domains.get(from) ?? new Map<string, string>();
        if (!edges.has(to)) edges.set(to, `${file} -> ${target}`);
        domains.set(from, edges);
      }
    }
  }
  for (const members of cycles(domains)) {
    const inside = new Set(members);
    const edges = members.flatMap((d) =>
      [...(domains.get(d) ?? [])]
        .filter(([to]) => inside.has(to))
        .map(([to, example]) => `${d} -> ${to} (${example})`),
    );
    out.push({
      rule: "cycle",
      message: `lib/ domains import each other in a circle: ${members.join(", ")}. Imports between them: ${edges.join("; ")}`,
    });
  }
  return out;
}

/** Strongly connected components of more than one domain (Tarjan): the domains that import each other in circles. */
function cycles(edges: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}
