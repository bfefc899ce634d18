import { vi } from "vitest";
import { sessionUserId } from "@/lib/auth/session-user-id";

// The one seam between tests and next-auth is what the request's JWT cookie names: a user id and the
// account's session version when the session was issued. Each test file declares
// `vi.mock("@/lib/auth/session-user-id", ...)` (see tests that import this). Everything after it (loading
// the account, the active and session-version checks, roles, permissions) runs for real against Postgres.
// A user object without `sessionVersion` stands for a session issued at version 0 (a new account's).
export function signInAs(user: { id: string; sessionVersion?: number } | null) {
  vi.mocked(sessionUserId).mockResolvedValue(
    user ? { id: user.id, sessionVersion: user.sessionVersion ?? 0 } : null,
  );
}
