import { openApiDocument } from "@/lib/api/openapi";

// Public: the document describes the API and holds no data, so API tools on other origins may read it too.
// Built from code only, so it is rendered once at build time.
export const dynamic = "force-static";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of /api/v1. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "access-control-allow-origin": "*" } });
}
