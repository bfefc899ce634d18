import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A NEXTAUTH_SECRET generated once for this machine and kept beside its data in .data/ (git-ignored). */
export function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
