// `medseed user create | list`: accounts, for scripted set-ups.
import { type Command, Option } from "commander";
import { z } from "zod";
import { createUserSchema } from "@/lib/validation/user";
import { readStdin, UsageError, withDatabase } from "./shared";

export function registerUser(program: Command) {
  const user = program.command("user").description("manage accounts");

  user
    .command("create")
    .description("create an account (for scripted set-ups)")
    .requiredOption("--email <email>", "sign-in email")
    .option(
      "--password <password>",
      "password (at least 10 characters, not easy to guess); or use --password-stdin",
    )
    .option("--password-stdin", "read the password from standard input (keeps it out of the process list)")
    .addOption(
      new Option("--role <role>", "author | reviewer | admin; repeat for several roles")
        .argParser((v: string, prev: string[] = []) => [...prev, v.toUpperCase()])
        .makeOptionMandatory(),
    )
    .option("--name <name>", "display name")
    .action(
      async (opts: {
        email: string;
        password?: string;
        passwordStdin?: boolean;
        role: string[];
        name?: string;
      }) => {
        if (!opts.password && !opts.passwordStdin)
          throw new UsageError("give --password <password> or --password-stdin");
        const password = opts.passwordStdin ? await readStdin() : opts.password;
        const parsed = createUserSchema.safeParse({
          email: opts.email,
          password,
          roles: opts.role,
          name: opts.name,
        });
        if (!parsed.success) {
          const fields = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
          const flag = (k: string) => (k === "roles" ? "--role" : `--${k}`);
          throw new UsageError(
            Object.entries(fields)
              .map(([k, v]) => `${flag(k)}: ${v.join("; ")}`)
              .join("\n"),
          );
        }
        await withDatabase(async () => {
          const { createUser } = await import("@/lib/users/create-user");
          const created = await createUser(parsed.data, null);
          console.log(
            `created ${created.email} (${created.roles.join(", ").toLowerCase()}) id=${created.id}`,
          );
        });
      },
    );

  user
    .command("list")
    .description("list accounts with their roles")
    .action(async () => {
      await withDatabase(async () => {
        const { listUsers } = await import("@/lib/users/manage-user");
        for (const u of await listUsers()) {
          console.log(
            `${u.email}\t${u.roles.join(",").toLowerCase()}\t${u.active ? "active" : "deactivated"}`,
          );
        }
      });
    });
}
