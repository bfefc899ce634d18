import { vi } from "vitest";
import { sessionUserId } from "@/lib/auth/session-user-id";

// The one seam between tests and next-auth is which user id the request's JWT cookie names; each test
// file declares `vi.mock("@/lib/auth/session-user-id", ...)` (see tests that import this). Everything after
// it (loading the account, the active check, roles, permissions) runs for real against Postgres.
export function signInAs(user: { id: string } | null) {
  vi.mocked(sessionUserId).mockResolvedValue(user?.id ?? null);
}
