import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { hasAnyUser } from "@/lib/users/setup";
import { SetupForm } from "./_components/setup-form";

export const metadata: Metadata = { title: "Set up MedSeed" };

export default async function SetupPage() {
  await connection(); // reads the database: render per request, never at build time
  // Gone for good once the first account exists.
  if (await hasAnyUser()) redirect("/signin");
  return <SetupForm />;
}
