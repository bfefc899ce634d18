import "server-only";
import type { ZodType } from "zod";
import { AppError, HTTP_STATUS } from "@/lib/errors";
import { authorise, parseInput, toFailure } from "./guard";
import type { Permission } from "./permissions";
import type { SessionUser } from "./session";

// The route-handler twin of lib/auth/action.ts: 401 without a session, 403 without the permission,
// 400 naming the field for a bad body, errors as JSON { error: { code, message, fields? } }.

type Ctx<B, U> = { req: Request; user: U; body: B; params: Record<string, string | string[]> };

export function apiError(code: keyof typeof HTTP_STATUS, message: string, fields?: Record<string, string[]>) {
  return Response.json(
    { error: { code, message, ...(fields ? { fields } : {}) } },
    { status: HTTP_STATUS[code] },
  );
}

/**
 * Bodies must be JSON, and a browser request from another site is refused: a cross-site form can post
 * text/plain but not application/json without a CORS preflight, which this API never grants.
 */
function checkRequestOrigin(req: Request) {
  const origin = req.headers.get("origin");
  if (
    origin &&
    origin !== new URL(req.url).origin &&
    origin !== process.env.NEXTAUTH_URL?.replace(/\/$/, "")
  ) {
    throw new AppError("FORBIDDEN", "Cross-site requests are not accepted.");
  }
}

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  const text = await req.text();
  if (text && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("INVALID", "Send the request body as JSON, with Content-Type: application/json.");
  }
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID", "The request body is not valid JSON.");
  }
}

function make<B, U>(
  permission: Permission | "public",
  body: ZodType<B> | undefined,
  handler: (ctx: Ctx<B, U>) => Promise<Response | unknown>,
) {
  return async (req: Request, route?: { params?: Promise<Record<string, string | string[]>> }) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") checkRequestOrigin(req);
      const user = (await authorise(permission, req)) as U;
      const parsed = body ? parseInput(body, await readJson(req)) : (undefined as B);
      const result = await handler({ req, user, body: parsed, params: (await route?.params) ?? {} });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      const failure = toFailure(error, `route ${req.method} ${new URL(req.url).pathname}`);
      return apiError(failure.code, failure.message, failure.fieldErrors);
    }
  };
}

export const protectedRoute = <B = undefined>(
  def: { permission: Permission; body?: ZodType<B> },
  handler: (ctx: Ctx<B, SessionUser>) => Promise<Response | unknown>,
) => make<B, SessionUser>(def.permission, def.body, handler);

export const publicRoute = (
  handler: (ctx: Ctx<undefined, SessionUser | null>) => Promise<Response | unknown>,
) => make<undefined, SessionUser | null>("public", undefined, handler);
