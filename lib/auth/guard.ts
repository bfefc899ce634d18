import "server-only";
import { unstable_rethrow } from "next/navigation";
import { type ZodType, z } from "zod";
import { AppError, type ErrorCode, type ErrorDetail, type FieldErrors } from "@/lib/errors";
import { findTextIssue } from "@/lib/validation/text";
import { bearerToken, userForApiToken } from "./api-token";
import { can, type Permission } from "./permissions";
import { currentUser, type SessionUser } from "./session";

// The shared core of the action and route wrappers: session -> permission -> parse -> handler.
// Authentication comes before parsing so that anonymous callers learn nothing about an input's shape.

export type Failure = {
  ok: false;
  code: ErrorCode | "INTERNAL";
  message: string;
  fieldErrors?: FieldErrors;
  /** the refusal record by record, for a page (route handlers answer with the message alone) */
  detail?: ErrorDetail;
};

export const INTERNAL_MESSAGE =
  "Something went wrong on our side. Try again; if it keeps happening, tell an admin.";

/**
 * Who is asking: the session's account, or (routes only) the owner of a Bearer token. A request that sends a
 * token is judged by the token alone, so a bad token is refused even in a browser with a session.
 */
export async function authorise(
  permission: Permission | "public",
  req?: Request,
): Promise<SessionUser | null> {
  const token = req ? bearerToken(req) : null;
  const user = token
    ? await userForApiToken(token)
    : req?.headers.has("authorization")
      ? null
      : await currentUser();
  if (permission === "public") return user;
  if (!user)
    throw new AppError(
      "UNAUTHENTICATED",
      "You are not signed in (or your session has ended): sign in again.",
    );
  if (!can(user.roles, permission)) {
    throw new AppError(
      "FORBIDDEN",
      `Your role does not allow this (${permission}). Ask an admin if you need it.`,
    );
  }
  return user;
}

/** FormData to a plain object; repeated keys become arrays, Next's internal `$ACTION_` fields are dropped. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION_")) continue;
    const values = form.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/**
 * Text that cannot be stored (a NUL, half a surrogate pair) anywhere in an input: a 400 naming the field,
 * checked before the schema so that no field of a form, body or query carries it to the database.
 * `kind` says what the path names in the message ("query parameter").
 */
export function refuseUnstorableText(input: unknown, kind = "field") {
  const issue = findTextIssue(input);
  if (!issue) return;
  const field = issue.path.join(".");
  const top = issue.path[0];
  const named = field ? `${kind[0]?.toUpperCase()}${kind.slice(1)} "${field}"` : "The input";
  throw new AppError(
    "INVALID",
    `${named} ${issue.message}.`,
    top === undefined
      ? undefined
      : { [String(top)]: [`${issue.message[0]?.toUpperCase()}${issue.message.slice(1)}`] },
  );
}

export function parseInput<S extends ZodType>(schema: S, raw: unknown): z.output<S> {
  const input = raw instanceof FormData ? formDataToObject(raw) : raw;
  refuseUnstorableText(input);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = z.flattenError(parsed.error).fieldErrors as FieldErrors;
  const first = parsed.error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  // A form highlights a top-level field by its errors; a nested one (settings.provider.baseUrl) it cannot, and
  // its path is the schema's, not words on the page: a person is shown the message alone (it names the field).
  const nested = (first?.path.length ?? 0) > 1;
  throw new AppError(
    "INVALID",
    `Check the highlighted fields. ${where}${first?.message ?? ""}`.trim(),
    fieldErrors,
    { shown: nested ? first?.message : `Check the highlighted fields. ${first?.message ?? ""}`.trim() },
  );
}

/** Maps a thrown error to a failure a person can act on (`forPeople`: a form's, AppError.shown); unexpected
 *  errors are logged, not shown. */
export function toFailure(error: unknown, context: string, forPeople = false): Failure {
  unstable_rethrow(error); // redirect(), notFound() and friends must keep propagating
  if (error instanceof AppError) {
    return {
      ok: false,
      code: error.code,
      message: forPeople ? (error.shown ?? error.message) : error.message,
      fieldErrors: error.fieldErrors,
      ...(error.detail ? { detail: error.detail } : {}),
    };
  }
  console.error(`[medseed] unexpected error in ${context}:`, error);
  return { ok: false, code: "INTERNAL", message: INTERNAL_MESSAGE };
}
