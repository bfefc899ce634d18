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

/**
 * Whoever runs the command line on the machine before MedSeed has an active admin (a first set-up, or a
 * recovery): may create accounts, and is audited as no account. Once an admin exists, the command line acts
 * as a named admin like any other door.
 */
export const MACHINE_OPERATOR = "machine-operator" as const;
export type MachineOperator = typeof MACHINE_OPERATOR;
