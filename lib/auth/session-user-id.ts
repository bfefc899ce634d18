import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";

/** Who a session cookie names: the account, and the account's session version when it was issued. */
export type SessionRef = { id: string; sessionVersion: number };

/**
 * The signed-in user's id and session version from the next-auth JWT cookie, before any database check
 * (lib/auth/session.ts makes it). The name stays: this is the tests' one seam with next-auth.
 */
export async function sessionUserId(): Promise<SessionRef | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  return id ? { id, sessionVersion: session.user.sessionVersion ?? 0 } : null;
}
