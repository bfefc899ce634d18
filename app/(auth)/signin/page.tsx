import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { currentUser } from "@/lib/auth/session";
import { hasAnyUser } from "@/lib/users/setup";
import { SignInForm } from "./_components/signin-form";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  NoAccount: "There is no active MedSeed account for that sign-in. Ask an admin to add your email.",
  AccessDenied: "There is no active MedSeed account for that sign-in. Ask an admin to add your email.",
  SessionRequired: "Sign in to continue.",
  UnverifiedEmail:
    "Your identity provider has not verified your email address, so MedSeed cannot match it to an account.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; setup?: string; email?: string }>;
}) {
  await connection(); // reads the database: render per request, never at build time
  if (!(await hasAnyUser())) redirect("/setup");
  if (await currentUser()) redirect("/");
  const params = await searchParams;
  const sso = authOptions.providers
    .filter((p) => p.id !== "credentials")
    .map((p) => ({ id: p.id, name: p.name }));
  return (
    <SignInForm
      sso={sso}
      callbackUrl={params.callbackUrl}
      initialEmail={params.email}
      notice={params.setup === "done" ? "Your admin account is ready. Sign in with it." : undefined}
      initialError={params.error ? (ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined}
    />
  );
}
