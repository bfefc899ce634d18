import { createRequire } from "node:module";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser } from "../support/factories";

// Through the real next-auth route handler and the real guard. The only stand-in is next/headers, which
// outside a Next request has nothing to read: next-auth require()s it at each call, so its CommonJS exports
// are replaced here by a cookie jar that plays the browser's part.
process.env.NEXTAUTH_URL = "http://localhost:3000";
process.env.NEXTAUTH_SECRET = "test-secret-for-sign-out-tests-0123456789";
const jar = new Map<string, string>();
const nextHeaders = createRequire(import.meta.url)("next/headers");
nextHeaders.headers = async () =>
  new Headers({ host: "localhost:3000", "x-medseed-client-ip": "203.0.113.80" });
nextHeaders.cookies = async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) });

const { GET, POST } = await import("@/app/api/auth/[...nextauth]/route");
const { authorise } = await import("@/lib/auth/guard");
const { currentUser } = await import("@/lib/auth/session");
const { setUserActive } = await import("@/lib/users/manage-user");

const SESSION = "next-auth.session-token";

async function call(method: "GET" | "POST", path: string[], form?: Record<string, string>) {
  const req = new NextRequest(`http://localhost:3000/api/auth/${path.join("/")}`, {
    method,
    ...(form
      ? {
          body: new URLSearchParams(form).toString(),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }
      : {}),
  });
  const res = await (method === "GET" ? GET : POST)(req, { params: Promise.resolve({ nextauth: path }) });
  // What a browser does with the answer's cookies: keep the new ones, forget the expired ones.
  for (const c of res.headers.getSetCookie()) {
    const [pair = ""] = c.split(";");
    const [name = "", value = ""] = pair.split("=");
    if (/expires=Thu, 01 Jan 1970|max-age=0/i.test(c) || !value) jar.delete(name);
    else jar.set(name, decodeURIComponent(value)); // as Next's cookies() hands them over
  }
  return res;
}

async function csrfToken(): Promise<string> {
  return ((await (await call("GET", ["csrf"])).json()) as { csrfToken: string }).csrfToken;
}

async function signIn(user: { email: string; password: string }) {
  const res = await call("POST", ["callback", "credentials"], {
    email: user.email,
    password: user.password,
    csrfToken: await csrfToken(),
    json: "true",
  });
  expect(res.status).toBe(200);
  expect(jar.get(SESSION)).toBeTruthy();
}

const signOut = async () => call("POST", ["signout"], { csrfToken: await csrfToken(), json: "true" });

describe("signing out", () => {
  it("ends the session for good: the cookie captured before signing out is refused after", async () => {
    const user = await makeUser({ roles: ["REVIEWER"] });
    jar.clear();
    await signIn(user);
    expect(await currentUser()).toMatchObject({ id: user.id });
    const captured = jar.get(SESSION) as string;

    await signOut();
    expect(jar.has(SESSION)).toBe(false);
    expect(await currentUser()).toBeNull();

    jar.set(SESSION, captured); // someone kept a copy of the cookie
    expect(await currentUser()).toBeNull();
    await expect(authorise("seed.read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await db.auditEvent.count({ where: { action: "auth.signout", actorId: user.id } })).toBe(1);

    // Signing in again works, and the old copy trying to sign out does not end the new session.
    jar.clear();
    await signIn(user);
    const fresh = jar.get(SESSION) as string;
    jar.set(SESSION, captured);
    await signOut();
    jar.set(SESSION, fresh);
    expect(await currentUser()).toMatchObject({ id: user.id });
  });

  it("deactivation ends sessions for good: reactivating the account does not revive them", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const user = await makeUser({ roles: ["AUTHOR"] });
    jar.clear();
    await signIn(user);
    expect(await currentUser()).toMatchObject({ id: user.id });
    await setUserActive(user.id, false, admin.id);
    expect(await currentUser()).toBeNull();
    await setUserActive(user.id, true, admin.id);
    expect(await currentUser()).toBeNull();
    jar.clear();
    await signIn(user);
    expect(await currentUser()).toMatchObject({ id: user.id });
  });
});
