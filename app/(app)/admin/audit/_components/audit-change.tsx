import { changedKeys, jsonText } from "./changed-keys";

/** Changed keys at a glance; the full before/after JSON behind a native disclosure (no script needed). */
export function AuditChange({ id, before, after }: { id: string; before: unknown; after: unknown }) {
  const keys = changedKeys(before, after);
  const beforeText = jsonText(before);
  const afterText = jsonText(after);
  if (!beforeText && !afterText) return <span className="text-muted-foreground">—</span>;
  return (
    <div className="grid gap-1">
      <ul aria-label={`Changed fields of event ${id}`} className="flex flex-wrap gap-1">
        {keys.map((k) => (
          <li key={k} className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">
            {k}
          </li>
        ))}
      </ul>
      <details className="text-xs">
        <summary className="cursor-pointer text-muted-foreground hover:text-foreground">
          Before and after<span className="sr-only"> of event {id}</span>
        </summary>
        <div className="mt-1 grid gap-2 md:grid-cols-2">
          <div>
            <div className="font-medium">Before</div>
            <pre className="max-h-64 max-w-md overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2">
              {beforeText ?? "(nothing)"}
            </pre>
          </div>
          <div>
            <div className="font-medium">After</div>
            <pre className="max-h-64 max-w-md overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2">
              {afterText ?? "(nothing)"}
            </pre>
          </div>
        </div>
      </details>
    </div>
  );
}
