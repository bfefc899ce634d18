import { Agent, type Dispatcher, request } from "undici";

/**
 * The `fetch` the AI SDK's providers are given: one POST, its answer read whole, over undici's `request` API
 * and one keep-alive connection pool for the process. Node's global fetch (WHATWG streams for the request and
 * the response, a Request object, header guards) cost about 1.2 ms of the event loop a call where `request`
 * costs about 0.5 (a local server at 200 ms latency, 32 calls at once, 640 calls); every generation, rating
 * and evaluation call is dispatched from that one loop, and when 32 answers arrive together the last waits for
 * the other 31.
 *
 * It keeps fetch's contract where the SDK and errors.ts rely on it: an abort rejects with the signal's reason;
 * a network failure rejects with `TypeError("fetch failed")` whose cause carries the socket's code; the answer
 * is a real Response (status, headers, body). Calls are never streamed (the client asks for whole answers), so
 * the body is read before the Response is made.
 */
const dispatcher = new Agent();

/** Statuses whose Response may not carry a body (the Response constructor throws). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export async function undiciFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const url = input instanceof Request ? input.url : input;
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  try {
    const res = await request(url, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      headers: headerRecord(init.headers),
      body: init.body as string | Uint8Array | undefined,
      signal,
      dispatcher,
    });
    const body = NULL_BODY.has(res.statusCode) ? null : ((await res.body.bytes()) as Uint8Array<ArrayBuffer>);
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    return new Response(body, { status: res.statusCode, headers });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new TypeError("fetch failed", { cause: error });
  }
}

function headerRecord(headers: HeadersInit | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers);
  return headers as Record<string, string>;
}
