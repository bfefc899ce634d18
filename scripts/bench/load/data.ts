// The load bench's data, written through the app's own code into its throw-away database: an author's
// seed set (part of it submitted, so every reviewer has a queue), and the signed-in users who read it.
import fs from "node:fs";
import type { Role } from "@/lib/model/roles";
import { submitSeed } from "@/lib/review/transitions";
import { importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { createUser } from "@/lib/users/create-user";
import { prng, syntheticInstruction } from "../synthetic";

export const PASSWORD = "load bench password";

export type LoadUser = { email: string; id: string };

/** `count` seeds by one author: a quarter submitted for review, the rest approved or drafts. Their ids. */
export async function seedTasks(count: number): Promise<{ seedIds: string[]; submitted: number }> {
  const author = await createUser(
    {
      email: "load-author@bench.medseed",
      name: "Load Author",
      password: PASSWORD,
      roles: ["AUTHOR", "ADMIN"],
    },
    null,
  );
  const actor = { id: author.id, roles: author.roles as Role[] };
  const rand = prng(1234);
  const rows = Array.from({ length: count }, (_, i) => ({
    topic: ["Cardiology", "Neurology", "Oncology", "Pediatrics", "Nephrology"][i % 5],
    view: ["Patient", "Medical student", "Nurse"][i % 3],
    type: ["Open Q&A", "Rewrites", "Multi-hop reasoning", "Classification Task"][i % 4],
    instruction: `${syntheticInstruction(rand)} (load ${i})`,
    input: i % 3 ? "<noinput>" : syntheticInstruction(rand),
    difficulty: String(1 + (i % 5)),
  }));
  const half = Math.floor(count / 2);
  const file = (part: typeof rows) => new TextEncoder().encode(JSON.stringify(part));
  await importSeedsFromBuffer(file(rows.slice(0, half)), {
    fileName: "load-approved.json",
    status: "APPROVED",
    actor,
  });
  await importSeedsFromBuffer(file(rows.slice(half)), {
    fileName: "load-drafts.json",
    status: "DRAFT",
    actor,
  });

  const { db } = await import("@/lib/db");
  const drafts = await db.seedTask.findMany({
    where: { status: "DRAFT" },
    select: { id: true, version: true },
    orderBy: { id: "asc" },
  });
  const toSubmit = drafts.slice(0, Math.floor(count / 4));
  for (const d of toSubmit) await submitSeed(d.id, d.version, actor);
  const seeds = await db.seedTask.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  return { seedIds: seeds.map((s) => s.id), submitted: toSubmit.length };
}

/** `count` people who write and review (so they see the seed list, seed pages and a review queue). */
export async function createUsers(count: number): Promise<LoadUser[]> {
  const users: LoadUser[] = [];
  for (let i = 0; i < count; i++) {
    const email = `load-user-${String(i + 1).padStart(2, "0")}@bench.medseed`;
    const user = await createUser({ email, password: PASSWORD, roles: ["AUTHOR", "REVIEWER"] }, null);
    users.push({ email, id: user.id });
  }
  return users;
}

/** Every cookie a response sets, as "name=value" pairs, over those already held. */
function keepCookies(jar: Map<string, string>, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through next-auth's credentials flow, as the sign-in page does; the session's Cookie header. */
export async function signIn(base: string, email: string, password = PASSWORD): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(new URL("/api/auth/csrf", base));
  keepCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(new URL("/api/auth/callback/credentials", base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: base, json: "true" }),
  });
  keepCookies(jar, res);
  await res.arrayBuffer();
  const session = await fetch(new URL("/api/auth/session", base), { headers: { cookie: cookieHeader(jar) } });
  const who = (await session.json()) as { user?: { email?: string } };
  if (who.user?.email !== email) throw new Error(`signing in ${email} failed (HTTP ${res.status})`);
  return cookieHeader(jar);
}

/**
 * A personal API token for the signed-in user, made as the API tokens page makes one: its server action
 * (found by name in the build's manifest), posted with the session. The token is in the action's answer.
 */
export async function createToken(base: string, cookie: string): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === "createTokenAction")?.[0];
  if (!id) throw new Error("createTokenAction is missing from the build's server-reference manifest");
  const res = await fetch(new URL("/account/tokens", base), {
    method: "POST",
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", origin: base, cookie },
    body: JSON.stringify([{ name: "load bench" }]),
  });
  const token = /msd_[A-Za-z0-9_-]{43}/.exec(await res.text())?.[0];
  if (!token) throw new Error(`creating an API token failed (HTTP ${res.status})`);
  return token;
}
