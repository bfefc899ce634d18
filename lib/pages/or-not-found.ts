import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** A page's read: "there is no such thing" (AppError NOT_FOUND) shows the 404 page; anything else goes on. */
export function orNotFound<T>(read: Promise<T>): Promise<T> {
  return read.catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
}
