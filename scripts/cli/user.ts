// `medseed user create | list`: accounts, for scripted set-ups.
import { type Command, Option } from "commander";
import type { NamedActor } from "@/lib/users/actor-for-cli";
import type { MachineOperator } from "@/lib/users/types";
import { cliActor } from "./actor";
import { readStdin, UsageError, withDatabase } from "./shared";

/**
 * Who creates the account: the admin named by --author or MEDSEED_USER, else the only admin. Before MedSeed
 * has any active admin (a new machine, where this command makes the first one), nobody can be named: then
 * whoever runs the command acts as the machine's operator, audited as no account, and said on stderr.
 */
async function accountCreator(author: string | undefined): Promise<NamedActor | MachineOperator> {
  if (!author && !process.env.MEDSEED_USER?.trim()) {
    const { hasActiveAdmin } = await import("@/lib/users/setup");
    if (!(await hasActiveAdmin())) {
      const { MACHINE_OPERATOR } = await import("@/lib/users/types");
      console.error("[medseed] no admin yet: creating the account as the machine's operator");
      return MACHINE_OPERATOR;
    }
  }
  return cliActor(author, "creating accounts");
}

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
    .option(
      "--author <email>",
      "the admin creating it (default: MEDSEED_USER, else the only admin; none needed before the first admin)",
    )
    .action(
      async (opts: {
        email: string;
        password?: string;
        passwordStdin?: boolean;
        role: string[];
        name?: string;
        author?: string;
      }) => {
        if (!opts.password && !opts.passwordStdin)
          throw new UsageError("give --password <password> or --password-stdin");
        const password = opts.passwordStdin ? await readStdin() : opts.password;
        // Loaded here, not at the top: every command's start-up would pay for zod otherwise.
        const [{ z }, { createUserSchema }] = await Promise.all([
          import("zod"),
          import("@/lib/validation/user"),
        ]);
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
          const { createUserAccount } = await import("@/lib/users/use-cases/create-user-account");
          const created = await createUserAccount(await accountCreator(opts.author), parsed.data);
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
