import type { NamedActor } from "@/lib/users/actor-for-cli";
import { UsageError } from "./shared";

/**
 * The user a command acts as, through the same permission checks as the app: `--author EMAIL`, else the
 * MEDSEED_USER environment variable, else the only admin. Said on stderr, so a script's log shows who acted.
 */
export async function cliActor(author: string | undefined, doing: string): Promise<NamedActor> {
  const { actorForCli } = await import("@/lib/users/actor-for-cli");
  const email = author ?? (process.env.MEDSEED_USER?.trim() || undefined);
  const found = await actorForCli(email).catch((error: Error) => {
    throw new UsageError(`${author ? "--author" : "MEDSEED_USER"}: ${error.message}`);
  });
  if ("admins" in found) {
    throw new UsageError(
      `--author: give the email of the account ${doing} (or set MEDSEED_USER); ${found.admins ? "there is more than one admin" : "there is no admin"} to default to`,
    );
  }
  if (!email) console.error(`[medseed] acting as ${found.email} (the only admin)`);
  return found;
}
