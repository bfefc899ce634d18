import { createHash } from "node:crypto";

// Exact duplicates: same instruction and input up to case, Unicode form and white space.
const norm = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

export function seedContentHash(instruction: string, input: string): string {
  return createHash("sha256").update(norm(instruction)).update("\u0000").update(norm(input)).digest("hex");
}
