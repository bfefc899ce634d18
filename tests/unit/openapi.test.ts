import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { openApiDocument } from "@/lib/api/openapi";

const V1 = path.join(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts under app/api/v1, as the OpenAPI path it serves and the HTTP methods it exports. */
function routeFiles(dir = V1): { path: string; methods: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (!/^route\.(ts|tsx|js)$/.test(entry.name)) return [];
    const source = readFileSync(full, "utf8");
    const segments = path
      .relative(V1, dir)
      .split(path.sep)
      .filter((s) => s && !/^\(.*\)$/.test(s)) // route groups are not part of the URL
      .map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}"));
    const methods = METHODS.filter((m) =>
      new RegExp(
        `export\\s+(?:const|let|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`,
      ).test(source),
    ).map((m) => m.toLowerCase());
    return [{ path: ["/api/v1", ...segments].join("/"), methods }];
  });
}

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path: p, method, op: op as NonNullable<typeof op> })),
  );

  it("looks like valid OpenAPI 3.1: version, info, security scheme, plain JSON", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(operations.length).toBeGreaterThan(0);
  });

  it("every operation has a unique id, a summary, a success response and described responses", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path: p, method, op } of operations) {
      const where = `${method.toUpperCase()} ${p}`;
      expect(p, where).toMatch(/^\/api\/v1\//);
      expect(op.summary, where).toBeTruthy();
      expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
      expect(
        Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)),
        where,
      ).toBe(true);
      for (const response of Object.values(op.responses)) expect(response.description, where).toBeTruthy();
      for (const name of p.match(/\{(\w+)\}/g) ?? []) {
        expect(
          op.parameters?.some((x) => x.in === "path" && `{${x.name}}` === name && x.required),
          where,
        ).toBe(true);
      }
    }
  });

  it("protected operations document 401 and 403 with the error shape; public ones need no token", () => {
    for (const { path: p, method, op } of operations) {
      const where = `${method.toUpperCase()} ${p}`;
      if (op["x-permission"] === "public") {
        expect(op.security, where).toEqual([]);
        continue;
      }
      for (const status of ["401", "403"]) {
        expect(op.responses[status]?.content?.["application/json"]?.schema, where).toEqual({
          $ref: "#/components/schemas/Error",
        });
      }
      if (op.requestBody) expect(op.responses["400"], `${where} has a body, so 400`).toBeDefined();
    }
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["error"] });
  });

  it("every $ref points at a schema in components", () => {
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).toHaveProperty([ref.split("/").at(-1) as string]);
    }
  });

  it("request bodies come from the zod schemas the routes validate with", () => {
    const schemas = doc.components.schemas as Record<
      string,
      { properties?: Record<string, unknown>; required?: string[] }
    >;
    expect(schemas.SeedCreateRequest?.required).toEqual(["instruction"]);
    expect(schemas.SeedCreateRequest?.properties?.instruction).toMatchObject({
      type: "string",
      maxLength: 2000,
    });
    expect(schemas.SeedPatchRequest?.required).toEqual(["version"]);
    expect(schemas.ReviewRequest?.properties?.action).toMatchObject({
      enum: ["approve", "request_changes", "reject"],
    });
    const list = doc.paths["/api/v1/seeds"]?.get?.parameters?.map((p) => p.name);
    expect(list).toEqual(
      expect.arrayContaining([
        "limit",
        "cursor",
        "status",
        "topic",
        "view",
        "type",
        "difficulty",
        "author",
        "q",
      ]),
    );
  });

  it("says request bodies take no field they do not name (the API refuses one), nested objects too", () => {
    type Node = { additionalProperties?: unknown; properties?: Record<string, Node> };
    const schemas = doc.components.schemas as Record<string, Node>;
    const job = schemas.GenerationJobCreateRequest;
    expect(job?.additionalProperties).toBe(false);
    expect(job?.properties?.settings?.additionalProperties).toBe(false);
    expect(job?.properties?.settings?.properties?.provider?.additionalProperties).toBe(false);
    expect(schemas.SeedPatchRequest?.additionalProperties).toBe(false);
    // Answers may grow fields: not closed.
    expect(schemas.GenerationJobResponse?.additionalProperties).toBeUndefined();
  });

  it("documents every route file under app/api/v1, method by method", () => {
    const files = routeFiles();
    expect(files.map((f) => f.path)).toContain("/api/v1/seeds/{id}/review");
    for (const file of files) {
      expect(file.methods.length, `${file.path} exports no HTTP method the test recognises`).toBeGreaterThan(
        0,
      );
      expect(Object.keys(doc.paths[file.path] ?? {}).sort(), `${file.path} in the OpenAPI document`).toEqual(
        [...file.methods].sort(),
      );
    }
    const served = new Set(files.map((f) => f.path));
    for (const p of Object.keys(doc.paths)) {
      expect(served.has(p), `${p} is documented but has no route file`).toBe(true);
    }
  });

  it("is served publicly at /api/v1/openapi.json", async () => {
    const res = await openApiRoute();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual(doc);
  });
});
