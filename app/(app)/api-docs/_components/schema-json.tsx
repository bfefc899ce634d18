/** A schema as indented JSON; a $ref names a schema listed under "Schemas" at the end of the page. */
export function SchemaJson({ schema }: { schema: unknown }) {
  return (
    <pre className="max-h-96 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed">
      {JSON.stringify(schema, null, 2)}
    </pre>
  );
}

const REF = "#/components/schemas/";

export const refName = (schema: unknown): string | null => {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === "string" && ref.startsWith(REF) ? ref.slice(REF.length) : null;
};

export const schemaAnchor = (name: string) => `schema-${name}`;

/**
 * A referenced schema, folded: its name links to the Schemas section, opening it shows the JSON. The error
 * shape, the same on every error answer, is only linked.
 */
export function SchemaRef({ schema, schemas }: { schema: unknown; schemas: Record<string, unknown> }) {
  const name = refName(schema);
  if (!name) return <SchemaJson schema={schema} />;
  if (name === "Error") {
    return (
      <a
        href={`#${schemaAnchor(name)}`}
        className="font-mono text-primary text-xs underline-offset-2 hover:underline"
      >
        Error
      </a>
    );
  }
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm">
        <span className="font-mono">{name}</span>{" "}
        <span className="text-muted-foreground text-xs group-open:hidden">(show schema)</span>
      </summary>
      <div className="mt-2 grid gap-1">
        <SchemaJson schema={schemas[name]} />
        <a
          href={`#${schemaAnchor(name)}`}
          className="text-primary text-xs underline-offset-2 hover:underline"
        >
          {name} under Schemas
        </a>
      </div>
    </details>
  );
}
