import type { Role } from "@/lib/model/roles";

export type UserSummary = {
  id: string;
  email: string;
  name: string | null;
  roles: Role[];
  active: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
};

export const userSummarySelect = {
  id: true,
  email: true,
  name: true,
  roles: true,
  active: true,
  createdAt: true,
  lastSignInAt: true,
} as const;
