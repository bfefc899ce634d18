import "server-only";
import type { ZodObject, ZodType, z } from "zod";
import { AppError, HTTP_STATUS } from "@/lib/errors";
import { unknownKeys, unknownKeysMessage } from "@/lib/validation/unknown-keys";
import { authorise, parseInput, refuseUnstorableText, toFailure } from "./guard";
import type { Permission } from "./permissions";
import type { SessionUser } from "./session";

// The route-handler twin of lib/auth/action.ts: 401 without a session, 403 without the permission,
// 400 naming the field for a bad body or query, 413 for a body over the limit, errors as JSON
// { error: { code, message, fields? } }; a body field the schema does not know is refused (400), not dropped. Every answer is `Cache-Control: no-store`: each one carries
// someone's data (or says who may see it), and none may stay in a shared or browser cache.

/** JSON request bodies are refused above this (413), before they are read in full. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
const LIMIT_TEXT = "1 MB";

type Ctx<B, Q, U> = {
  req: Request;
  user: U;
  body: B;
  query: Q;
  params: Record<string, string | string[]>;
};

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

const tooLarge = () =>
  new AppError(
    "TOO_LARGE",
    `The request body is larger than ${LIMIT_TEXT}, the limit for this API. Send less at once (a long text ` +
      "belongs in a seed export or import, not one request).",
  );

/** The body's bytes, refused from its Content-Length when declared, else as soon as the stream passes the limit. */
async function readBody(req: Request): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (declared > MAX_JSON_BODY_BYTES) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  const bytes = await readBody(req);
  if (bytes.byteLength && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("INVALID", "Send the request body as JSON, with Content-Type: application/json.");
  }
  let text: string;
  try {
    // fatal: invalid UTF-8 is refused rather than stored with U+FFFD in place of what was meant
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("INVALID", "The request body is not valid UTF-8: send the JSON encoded as UTF-8.");
  }
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID", "The request body is not valid JSON.");
  }
}

/**
 * One name or value of the query string, percent-decoded strictly. Next's server re-encodes the URL before
 * a route sees it, turning bytes that are not UTF-8 into U+FFFD (the replacement character) on the way, so
 * a U+FFFD is refused too: it only ever stands for bytes that were lost.
 */
function decodeQueryPart(raw: string, name: string | null): string {
  let decoded: string | null;
  try {
    decoded = decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    decoded = null;
  }
  if (decoded !== null && !decoded.includes("\uFFFD")) return decoded;
  const what = name === null ? "A query parameter's name" : `Query parameter "${name}"`;
  throw new AppError(
    "INVALID",
    `${what} is not valid percent-encoded UTF-8 (a stray %, or bytes that are not UTF-8): encode the text as UTF-8.`,
    name === null ? undefined : { [name]: ["Not valid percent-encoded UTF-8"] },
  );
}

/**
 * The query string as an object (repeated parameters become arrays; empty ones count as not sent, so
 * `?limit=` is the default limit), decoded strictly: URLSearchParams would turn a bad escape or invalid
 * UTF-8 into U+FFFD without a word. Parameters the endpoint does not take are a 400 naming them, so a
 * typo (`limti=5`) is never silently ignored.
 */
function readQuery<Q>(url: URL, schema: ZodObject | undefined): Q {
  const values = new Map<string, string[]>();
  for (const pair of url.search.slice(1).split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq), null);
    const value = decodeQueryPart(eq < 0 ? "" : pair.slice(eq + 1), name);
    values.set(name, [...(values.get(name) ?? []), ...(value === "" ? [] : [value])]);
  }
  const known = schema ? Object.keys(schema.shape) : [];
  const unknown = [...values.keys()].filter((name) => !known.includes(name));
  if (unknown.length) {
    const takes = known.length ? `this endpoint takes ${known.join(", ")}` : "this endpoint takes none";
    throw new AppError(
      "INVALID",
      `Unknown query parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}: ${takes}.`,
      Object.fromEntries(unknown.map((name) => [name, ["Unknown parameter"]])),
    );
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, list] of values)
    if (list.length) query[name] = list.length > 1 ? list : (list[0] as string);
  refuseUnstorableText(query, "query parameter");
  return (schema ? parseInput(schema, query) : undefined) as Q;
}

/** The answer with no-store set; a Response with immutable headers (a redirect, a fetch) is copied first. */
function noStore(response: Response): Response {
  try {
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set("Cache-Control", "no-store");
    return copy;
  }
}

/** The body as the schema reads it; a field it does not know is refused, not dropped (./unknown-keys). */
function parsedBody<B>(schema: ZodType<B>, raw: unknown): B {
  const extra = unknownKeys(schema, raw);
  if (extra.length)
    throw new AppError(
      "INVALID",
      unknownKeysMessage(schema, extra),
      Object.fromEntries(extra.map((path) => [path.split(".")[0] as string, ["Unknown field"]])),
    );
  return parseInput(schema, raw);
}

function make<B, Q, U>(
  permission: Permission | "public",
  schemas: { body?: ZodType<B>; query?: ZodObject },
  handler: (ctx: Ctx<B, Q, U>) => Promise<Response | unknown>,
) {
  return async (req: Request, route?: { params?: Promise<Record<string, string | string[]>> }) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") checkRequestOrigin(req);
      const user = (await authorise(permission, req)) as U;
      const params = (await route?.params) ?? {};
      refuseUnstorableText(params, "path parameter");
      const query = readQuery<Q>(new URL(req.url), schemas.query);
      const body = schemas.body ? parsedBody(schemas.body, await readJson(req)) : (undefined as B);
      const result = await handler({ req, user, body, query, params });
      return noStore(result instanceof Response ? result : Response.json(result));
    } catch (error) {
      const failure = toFailure(error, `route ${req.method} ${new URL(req.url).pathname}`);
      return noStore(apiError(failure.code, failure.message, failure.fieldErrors));
    }
  };
}

export const protectedRoute = <B = undefined, S extends ZodObject | undefined = undefined>(
  def: { permission: Permission; body?: ZodType<B>; query?: S },
  handler: (
    ctx: Ctx<B, S extends ZodObject ? z.output<S> : undefined, SessionUser>,
  ) => Promise<Response | unknown>,
) => make(def.permission, def, handler);

export const publicRoute = (
  handler: (ctx: Ctx<undefined, undefined, SessionUser | null>) => Promise<Response | unknown>,
) => make<undefined, undefined, SessionUser | null>("public", {}, handler);
