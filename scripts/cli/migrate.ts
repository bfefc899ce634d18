// `medseed migrate`: apply pending database migrations.
import type { Command } from "commander";
import { withDatabase } from "./shared";

export function registerMigrate(program: Command) {
  program
    .command("migrate")
    .description("apply pending database migrations (npm start does this too)")
    .action(async () => {
      await withDatabase(async () => console.log("database schema is up to date"));
    });
}
