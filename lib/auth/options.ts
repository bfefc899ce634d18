import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { emailSchema } from "@/lib/validation/user";
import { clientIp } from "./client-ip";
import { verifyPassword } from "./password";
import { clearLoginFailures, loginBlockedFor, recordLoginFailure } from "./rate-limit";

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1) });

export const WRONG_CREDENTIALS = "Wrong email or password.";

const credentials = CredentialsProvider({
  id: "credentials",
  name: "Email and password",
  credentials: {
    email: { label: "Email", type: "email" },
    password: { label: "Password", type: "password" },
  },
  async authorize(raw, req) {
    const parsed = credentialsSchema.safeParse(raw);
    if (!parsed.success) throw new Error("Enter your email address and password.");
    const { email, password } = parsed.data;
    const ip = clientIp(req?.headers);
    const wait = await loginBlockedFor(email, ip);
    if (wait) {
      throw new Error(`Too many failed sign-ins. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`);
    }
    const user = await db.user.findUnique({ where: { email } });
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      await recordLoginFailure(email, ip);
      await recordAudit({ actorId: user?.id, action: "auth.signin_failed", after: { email }, ip });
      throw new Error(WRONG_CREDENTIALS);
    }
    if (!user.active) throw new Error("This account is deactivated. Ask an admin to reactivate it.");
    await clearLoginFailures(email);
    await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit({ actorId: user.id, action: "auth.signin", targetType: "user", targetId: user.id, ip });
    return { id: user.id, email: user.email, name: user.name, roles: user.roles };
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
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
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
            ? { id: user.id, roles: user.roles ?? [] }
            : await db.user.findUnique({ where: { email }, select: { id: true, roles: true } });
        token.uid = dbUser?.id;
        token.roles = dbUser?.roles ?? [];
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
      };
      return session;
    },
  },
};
