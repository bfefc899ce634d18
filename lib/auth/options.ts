import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { emailSchema } from "@/lib/validation/email";
import { clientIp } from "./client-ip";
import { verifyPassword } from "./password";
import { clearLoginAttempts, countLoginAttempt } from "./rate-limit";

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1) });

export const WRONG_CREDENTIALS = "Wrong email or password.";

// Messages the sign-in page may show; anything else that goes wrong is logged and shown as SIGNIN_FAULT.
export const SIGNIN_FAULT =
  "Signing in failed on our side. Try again in a moment; if it keeps happening, tell an admin.";

class SignInRefusal extends Error {}

async function authorizeCredentials(raw: unknown, ip: string) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new SignInRefusal("Enter your email address and password.");
  const { email, password } = parsed.data;
  const { refusedForMinutes: wait, slowdownMs } = await countLoginAttempt(email, ip);
  if (wait)
    throw new SignInRefusal(`Too many failed sign-ins. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`);
  // An account that many wrong passwords were tried for answers more slowly, to everyone alike.
  if (slowdownMs) await sleep(slowdownMs);
  const user = await db.user.findUnique({ where: { email } });
  // Always one comparison (against a dummy hash when there is no account), so the time taken does not
  // tell an unknown email from a wrong password.
  const passwordMatches = await verifyPassword(password, user?.passwordHash);
  if (!user || !passwordMatches) {
    await recordAudit({ actorId: user?.id, action: "auth.signin_failed", after: { email }, ip });
    throw new SignInRefusal(WRONG_CREDENTIALS);
  }
  if (!user.active) throw new SignInRefusal("This account is deactivated. Ask an admin to reactivate it.");
  await clearLoginAttempts(email, ip);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAudit({ actorId: user.id, action: "auth.signin", targetType: "user", targetId: user.id, ip });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    sessionVersion: user.sessionVersion,
  };
}

const credentials = CredentialsProvider({
  id: "credentials",
  name: "Email and password",
  credentials: {
    email: { label: "Email", type: "email" },
    password: { label: "Password", type: "password" },
  },
  async authorize(raw, req) {
    try {
      return await authorizeCredentials(raw, clientIp(req?.headers));
    } catch (error) {
      if (error instanceof SignInRefusal) throw error;
      console.error("[medseed] sign-in failed unexpectedly:", error);
      throw new Error(SIGNIN_FAULT);
    }
  },
});

/** Optional single sign-on, switched on by env vars (see README). Accounts must exist in MedSeed first. */
function ssoProviders(): NextAuthOptions["providers"] {
  const providers: NextAuthOptions["providers"] = [];
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, GITHUB_ID, GITHUB_SECRET } = process.env;
  if (OIDC_ISSUER && OIDC_CLIENT_ID && OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: process.env.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      clientId: OIDC_CLIENT_ID,
      clientSecret: OIDC_CLIENT_SECRET,
      profile: (p: { sub: string; email?: string; name?: string }) => ({
        id: p.sub,
        email: p.email,
        name: p.name,
      }),
    });
  }
  if (GITHUB_ID && GITHUB_SECRET)
    providers.push(GitHubProvider({ clientId: GITHUB_ID, clientSecret: GITHUB_SECRET }));
  return providers;
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [credentials, ...ssoProviders()],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (!account || account.provider === "credentials") return true;
      // An identity provider's email is only trusted when the provider says it verified it.
      if (
        account.provider === "oidc" &&
        (profile as { email_verified?: boolean } | undefined)?.email_verified !== true
      ) {
        return "/signin?error=UnverifiedEmail";
      }
      // SSO: only people an admin has already added (by email) and who are active may enter.
      const email = user.email?.trim().toLowerCase();
      const known = email ? await db.user.findUnique({ where: { email }, select: { active: true } }) : null;
      return known?.active ? true : "/signin?error=NoAccount";
    },
    async jwt({ token, user, account }) {
      if (user) {
        const email = user.email?.trim().toLowerCase() ?? "";
        const dbUser =
          account?.provider === "credentials"
            ? { id: user.id, roles: user.roles ?? [], sessionVersion: user.sessionVersion ?? 0 }
            : await db.user.findUnique({
                where: { email },
                select: { id: true, roles: true, sessionVersion: true },
              });
        token.uid = dbUser?.id;
        token.roles = dbUser?.roles ?? [];
        token.sv = dbUser?.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      // Roles here are for display; every server check re-reads the account (lib/auth/session.ts).
      session.user = {
        id: token.uid ?? "",
        email: token.email ?? "",
        name: token.name ?? null,
        roles: token.roles ?? [],
        sessionVersion: token.sv ?? 0,
      };
      return session;
    },
  },
  events: {
    // A JWT cannot be taken back, so signing out moves the account's session version on: every session
    // issued before (this browser's, a copied cookie, the account's other browsers) is refused from then
    // on. Only a session that is still current can do this, so an old, already ended one cannot sign the
    // owner out again.
    async signOut({ token }) {
      if (!token?.uid) return;
      const ended = await db.user.updateMany({
        where: { id: token.uid, sessionVersion: token.sv ?? 0 },
        data: { sessionVersion: { increment: 1 } },
      });
      if (ended.count)
        await recordAudit({
          actorId: token.uid,
          action: "auth.signout",
          targetType: "user",
          targetId: token.uid,
        });
    },
  },
};
