import { z } from "zod";

// Its own module so that sign-in (lib/auth/options.ts) can use it without loading the password rules.
export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address, like name@hospital.org" }));
