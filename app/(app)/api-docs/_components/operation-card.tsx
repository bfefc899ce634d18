import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { OpenApiOperation } from "@/lib/api/openapi";
import { InlineCode } from "./inline-code";
import { SchemaJson, SchemaRef } from "./schema-json";

const METHOD_VARIANT: Record<string, BadgeProps["variant"]> = {
  get: "secondary",
  post: "default",
  put: "warning",
  patch: "warning",
  delete: "destructive",
};

const typeOf = (schema: Record<string, unknown>): string =>
  schema.type === "array"
    ? `${typeOf((schema.items ?? {}) as Record<string, unknown>)}[]`
    : Array.isArray(schema.enum)
      ? schema.enum.join(" | ")
      : String(schema.type ?? "any");

export function OperationCard({
  method,
  path,
  op,
  schemas,
}: {
  method: string;
  path: string;
  op: OpenApiOperation;
  schemas: Record<string, unknown>;
}) {
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <Card id={op.operationId} className="gap-4 py-4">
      <CardHeader className="px-4">
        <CardTitle className="flex flex-wrap items-center gap-2">
          <h3 className="flex flex-wrap items-center gap-2">
            <Badge variant={METHOD_VARIANT[method] ?? "outline"} className="font-mono uppercase">
              {method}
            </Badge>
            <span className="break-all font-mono text-sm">{path}</span>
          </h3>
        </CardTitle>
        <p className="font-medium text-sm">{op.summary}</p>
      </CardHeader>
      <CardContent className="grid gap-4 px-4 text-sm">
        {op.description.split("\n\n").map((para) => (
          <p key={para} className="text-muted-foreground">
            <InlineCode text={para} />
          </p>
        ))}
        {op.parameters?.length ? (
          <section aria-label="Parameters" className="grid gap-2">
            <h4 className="font-medium">Parameters</h4>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>In</TableHead>
                  <TableHead>Type</TableHead>
                  <TableHead>Description</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {op.parameters.map((p) => (
                  <TableRow key={`${p.in}-${p.name}`}>
                    <TableCell className="font-mono">
                      {p.name}
                      {p.required ? <span className="text-destructive"> *</span> : null}
                    </TableCell>
                    <TableCell>{p.in}</TableCell>
                    <TableCell className="font-mono text-xs">
                      {typeOf(p.schema)}
                      {p.schema.default !== undefined ? ` = ${JSON.stringify(p.schema.default)}` : ""}
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      {p.description ? <InlineCode text={p.description} /> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>
        ) : null}
        {body ? (
          <section aria-label="Request body" className="grid gap-2">
            <h4 className="font-medium">Request body (application/json)</h4>
            <SchemaRef schema={body} schemas={schemas} />
          </section>
        ) : null}
        <section aria-label="Responses" className="grid gap-2">
          <h4 className="font-medium">Responses</h4>
          <ul className="grid gap-3">
            {Object.entries(op.responses).map(([status, response]) => (
              <li key={status} className="grid gap-1">
                <div>
                  <span className="font-mono font-semibold">{status}</span>{" "}
                  <span className="text-muted-foreground">
                    <InlineCode text={response.description} />
                  </span>
                </div>
                {Object.entries(response.content ?? {}).map(([type, { schema }]) =>
                  type === "application/json" ? (
                    <SchemaRef key={type} schema={schema} schemas={schemas} />
                  ) : (
                    <div key={type} className="grid gap-1">
                      <span className="font-mono text-xs">{type}</span>
                      <SchemaJson schema={schema} />
                    </div>
                  ),
                )}
              </li>
            ))}
          </ul>
        </section>
      </CardContent>
    </Card>
  );
}
