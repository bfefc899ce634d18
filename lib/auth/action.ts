import "server-only";
import type { ZodType, z } from "zod";
import { authorise, type Failure, parseInput, toFailure } from "./guard";
import type { Permission } from "./permissions";
import type { SessionUser } from "./session";

// Every server action is made with one of these, so each checks the session and the permission on the
// server, whatever the UI shows. The result is typed for useActionState: { ok, data } or a failure.

export type ActionResult<T = null> = { ok: true; data: T; message?: string } | Failure;

type Handler<S extends ZodType, T, U> = (input: z.output<S>, ctx: { user: U }) => Promise<T>;

function make<S extends ZodType, T, U>(
  permission: Permission | "public",
  schema: S,
  handler: Handler<S, T, U>,
) {
  return async (raw: z.input<S> | FormData): Promise<ActionResult<T>> => {
    try {
      const user = (await authorise(permission)) as U;
      const input = parseInput(schema, raw);
      return { ok: true, data: await handler(input, { user }) };
    } catch (error) {
      return toFailure(error, `action ${permission}`, true);
    }
  };
}

export const protectedAction = <S extends ZodType, T>(
  def: { permission: Permission; input: S },
  handler: Handler<S, T, SessionUser>,
) => make(def.permission, def.input, handler);

export const publicAction = <S extends ZodType, T>(
  def: { input: S },
  handler: Handler<S, T, SessionUser | null>,
) => make("public", def.input, handler);
