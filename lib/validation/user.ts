import { z } from "zod";
import { ROLES } from "@/lib/model/roles";
import { emailSchema } from "./email";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-rules";
import { passwordWeakness } from "./password-strength";

// Shared by the server actions, the REST API and the CLI. Browser forms show the server's answers, and take
// the password rules' numbers from password-rules.ts (without the strength check's dictionaries).

export { emailSchema, PASSWORD_MIN };

/**
 * A new password: long enough, and not easy to guess (not one of the commonest passwords, not a single
 * repeated character, not a keyboard walk or a sequence...; see password-strength.ts). Used wherever a
 * password is set: first-run set-up, an admin creating a user, the API and the CLI.
 */
export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { error: `Use at most ${PASSWORD_MAX} characters` })
  .superRefine((password, ctx) => {
    if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return; // said above
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: "custom", message: weakness });
  });

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
