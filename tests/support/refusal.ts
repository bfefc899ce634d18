import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** The message of the AppError a use case threw; fails the test when it resolved or threw something else. */
export async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).message;
}
