import type { Role } from "@/lib/model/roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string | null; roles: Role[]; sessionVersion: number };
  }
  interface User {
    roles?: Role[];
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    roles?: Role[];
    /** The account's sessionVersion at sign-in; the session ends when the account's moves on. */
    sv?: number;
  }
}
