import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-shell/app-header";
import { currentUser, redirectToSignIn } from "@/lib/auth/session";
import { hasAnyUser } from "@/lib/users/setup";

// Convenience only: sends visitors without a session to sign-in (or to first-run set-up).
// Every page, action and route still checks the session and permission itself.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) {
    if (!(await hasAnyUser())) redirect("/setup");
    return redirectToSignIn();
  }
  return (
    <div className="min-h-screen bg-muted/30">
      <AppHeader user={user} />
      <main className="mx-auto max-w-7xl px-4 py-8">{children}</main>
    </div>
  );
}
