import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { type OpenApiOperation, openApiDocument } from "@/lib/api/openapi";
import { requirePagePermission } from "@/lib/auth/session";
import { InlineCode } from "./_components/inline-code";
import { OperationCard } from "./_components/operation-card";
import { SchemaJson, schemaAnchor } from "./_components/schema-json";

export const metadata: Metadata = { title: "API reference" };

type Entry = { method: string; path: string; op: OpenApiOperation };

/** The OpenAPI document of /api/v1, rendered on the server from the same object /api/v1/openapi.json sends. */
export default async function ApiDocsPage() {
  await requirePagePermission("dashboard.view");
  const doc = openApiDocument();
  const entries: Entry[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path, op: op as OpenApiOperation })),
  );
  const schemas = doc.components.schemas;
  const origin = (process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
  return (
    <>
      <PageHeader
        title="API reference"
        description={`${doc.info.title}, version ${doc.info.version} (OpenAPI ${doc.openapi}).`}
        actions={
          <>
            <Button asChild variant="outline">
              <a href="/api/v1/openapi.json">openapi.json</a>
            </Button>
            <Button asChild>
              <Link href="/account/tokens">API tokens</Link>
            </Button>
          </>
        }
      />
      <div className="grid gap-8">
        <Card className="py-4">
          <CardContent className="grid gap-3 px-4 text-sm">
            <p>
              <InlineCode text={doc.info.description} />
            </p>
            <pre className="overflow-x-auto rounded-md border bg-muted/50 p-3 font-mono text-xs">
              {`curl -H "Authorization: Bearer $TOKEN" "${origin}/api/v1/seeds?limit=20"`}
            </pre>
          </CardContent>
        </Card>
        <nav aria-label="Endpoints" className="grid gap-1 text-sm">
          {entries.map(({ method, path, op }) => (
            <a key={op.operationId} href={`#${op.operationId}`} className="hover:underline">
              <span className="inline-block w-14 font-mono text-muted-foreground uppercase">{method}</span>
              <span className="font-mono">{path}</span>
              <span className="text-muted-foreground"> · {op.summary}</span>
            </a>
          ))}
        </nav>
        {doc.tags.map((tag) => {
          const ops = entries.filter((e) => e.op.tags.includes(tag.name));
          if (!ops.length) return null;
          return (
            <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="grid gap-3">
              <div>
                <h2 id={`tag-${tag.name}`} className="font-semibold text-xl">
                  {tag.name}
                </h2>
                <p className="text-muted-foreground text-sm">{tag.description}</p>
              </div>
              {ops.map(({ method, path, op }) => (
                <OperationCard key={op.operationId} method={method} path={path} op={op} schemas={schemas} />
              ))}
            </section>
          );
        })}
        <section aria-labelledby="schemas" className="grid gap-3">
          <h2 id="schemas" className="font-semibold text-xl">
            Schemas
          </h2>
          {Object.entries(schemas).map(([name, schema]) => (
            <div key={name} id={schemaAnchor(name)} className="grid scroll-mt-4 gap-1">
              <h3 className="font-medium font-mono text-sm">{name}</h3>
              <SchemaJson schema={schema} />
            </div>
          ))}
        </section>
      </div>
    </>
  );
}
