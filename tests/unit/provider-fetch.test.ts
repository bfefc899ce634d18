import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { undiciFetch } from "@/lib/generation/provider/fetch";

// The provider layer's fetch (undici's request under fetch's contract): what the AI SDK and errors.ts read
// from a fetch must come back the same way, over many calls on kept-alive connections.

let server: Server;
let base: string;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (req.url === "/empty") {
        res.writeHead(204, { "x-kind": "empty" });
        return res.end();
      }
      if (req.url === "/cut") {
        res.writeHead(200, { "content-length": "100" });
        res.write("partial");
        return setTimeout(() => res.socket?.destroy(), 20);
      }
      if (req.url === "/hang") return; // never answers
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.writeHead(req.url === "/missing" ? 404 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, echo: body }));
    });
  });
  server.on("connection", (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("undiciFetch", () => {
  it("answers a hundred posts, twenty at once, each with its own body, over kept-alive connections", async () => {
    sockets.clear();
    const bodies = Array.from({ length: 100 }, (_, i) => JSON.stringify({ n: i, text: "é".repeat(i) }));
    let next = 0;
    const seen: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const res = await undiciFetch(new URL(`${base}/v1/chat`), {
            method: "POST",
            headers: new Headers({ authorization: "Bearer k", "content-type": "application/json" }),
            body,
          });
          expect(res.status).toBe(200);
          expect(res.ok).toBe(true);
          const json = (await res.json()) as { method: string; auth: string; echo: string };
          expect(json).toEqual({ method: "POST", auth: "Bearer k", echo: body });
          seen.push(json.echo);
        }
      }),
    );
    expect(seen.sort()).toEqual([...bodies].sort());
    // connections kept alive and reused: a connection a call would open a hundred
    expect(sockets.size).toBeLessThan(40);
  });

  it("keeps a status, multi-valued headers, and a status without a body", async () => {
    const missing = await undiciFetch(`${base}/missing`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    expect(missing.headers.get("content-type")).toBe("application/json");
    expect(missing.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const empty = await undiciFetch(`${base}/empty`, { method: "POST", body: "{}" });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(empty.headers.get("x-kind")).toBe("empty");
  });

  it("rejects with the signal's reason when aborted, before or during the call", async () => {
    const before = new AbortController();
    before.abort(new Error("stopped before"));
    await expect(undiciFetch(`${base}/hang`, { method: "POST", signal: before.signal })).rejects.toThrow(
      "stopped before",
    );
    const timeout = AbortSignal.timeout(50);
    const error = await undiciFetch(`${base}/hang`, { method: "POST", signal: timeout }).catch((e) => e);
    expect(error).toBe(timeout.reason);
    expect((error as DOMException).name).toBe("TimeoutError");
  });

  it("rejects as fetch does on a refused connection and on a body cut short", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const refused = (await undiciFetch(`http://127.0.0.1:${port}/`, { method: "POST" }).catch(
      (e) => e,
    )) as TypeError;
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused.message).toBe("fetch failed");
    expect((refused.cause as { code?: string }).code).toBe("ECONNREFUSED");
    const cut = (await undiciFetch(`${base}/cut`, { method: "POST" }).catch((e) => e)) as TypeError;
    expect(cut).toBeInstanceOf(TypeError);
    expect(cut.message).toBe("fetch failed");
  });
});
