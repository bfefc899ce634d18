import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

// Shared by the browser forms, the server actions, the REST API and the CLI.

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address, like name@hospital.org" }));

export const PASSWORD_MIN = 10;
export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters` })
  .max(200, { error: "Use at most 200 characters" });

export const nameSchema = z
  .string()
  .trim()
  .max(100, { error: "Use at most 100 characters" })
  .transform((v) => v || undefined)
  .optional();

const ROLE_CHOICES = "author, reviewer or admin (any letter case)";

/**
 * One value or many (a single checked checkbox arrives as a plain string), each a role name in any letter
 * case ("author", "Author", "AUTHOR"), stored as the enum.
 */
export const rolesSchema = z.preprocess(
  (v) =>
    (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]).map((r: unknown) =>
      typeof r === "string" && (ROLES as readonly string[]).includes(r.toUpperCase()) ? r.toUpperCase() : r,
    ),
  z
    .array(
      z.enum(ROLES, {
        error: (issue) =>
          typeof issue.input === "string"
            ? `Unknown role "${issue.input}": use ${ROLE_CHOICES}`
            : `A role is a name: use ${ROLE_CHOICES}`,
      }),
    )
    .min(1, { error: "Pick at least one role" })
    .describe(`Role names: ${ROLE_CHOICES}.`),
);

export const createUserSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  roles: rolesSchema,
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const setupSchema = z
  .object({
    email: emailSchema,
    name: nameSchema,
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], error: "The passwords do not match" });

export const setRolesSchema = z.object({ userId: z.string().min(1), roles: rolesSchema });

export const setActiveSchema = z.object({
  userId: z.string().min(1),
  active: z.preprocess((v) => v === true || v === "true", z.boolean()),
});
