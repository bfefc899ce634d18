import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Decides whether `npm start` must rebuild: a hash over the paths, sizes and modification times of
// everything `next build` reads. Cheap (no file contents) and conservative (any touch rebuilds).
const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "instrumentation.ts",
  "next.config.js",
  "proxy.ts",
  "instrumentation-client.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

function walk(p: string, out: string[]) {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), out);
  } else {
    out.push(`${p}:${st.size}:${Math.trunc(st.mtimeMs)}`);
  }
}

export function sourceFingerprint(root = process.cwd()): string {
  const entries: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), entries);
  return createHash("sha256").update(entries.join("\n")).digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "medseed-build-fingerprint");

export function buildIsCurrent(root = process.cwd()): boolean {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  const stamp = stampFile(root);
  return fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceFingerprint(root);
}

export function markBuilt(fingerprint: string, root = process.cwd()): void {
  fs.writeFileSync(stampFile(root), fingerprint);
}
