import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditRow } from "@/lib/audit/query";
import { AuditChange } from "./audit-change";

const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;

// A failed sign-in with an unknown address has no actor; it records the address that was tried.
const triedEmail = (after: unknown) =>
  typeof after === "object" && after !== null && typeof (after as { email?: unknown }).email === "string"
    ? (after as { email: string }).email
    : null;

function Actor({ row }: { row: AuditRow }) {
  if (!row.actor) {
    const tried = triedEmail(row.after);
    return (
      <>
        {tried ? <div>{tried}</div> : null}
        <div className="text-muted-foreground text-xs">No account</div>
      </>
    );
  }
  return (
    <>
      <div className="font-medium">{row.actor.email}</div>
      {row.actor.name ? <div className="text-muted-foreground text-xs">{row.actor.name}</div> : null}
    </>
  );
}

function Target({ row }: { row: AuditRow }) {
  if (!row.targetType && !row.targetId) return <span className="text-muted-foreground">—</span>;
  const id = row.targetId ? (
    row.targetType === "seed" ? (
      <Link href={`/seeds/${row.targetId}`} className="font-mono text-xs underline underline-offset-2">
        {row.targetId}
      </Link>
    ) : (
      <span className="font-mono text-xs">{row.targetId}</span>
    )
  ) : null;
  return (
    <div className="grid">
      <span>{row.targetType ?? "—"}</span>
      {id}
    </div>
  );
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <div className="rounded-lg border bg-background">
      <Table>
        <caption className="sr-only">Audit events, newest first</caption>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Time</TableHead>
            <TableHead scope="col">Actor</TableHead>
            <TableHead scope="col">Action</TableHead>
            <TableHead scope="col">Target</TableHead>
            <TableHead scope="col">IP</TableHead>
            <TableHead scope="col">Before / after</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} className="[&>td]:align-top">
              <TableCell className="whitespace-nowrap text-xs">
                <time dateTime={row.at.toISOString()}>{utc(row.at)}</time>
              </TableCell>
              <TableCell>
                <Actor row={row} />
              </TableCell>
              <TableCell className="font-mono text-xs">{row.action}</TableCell>
              <TableCell>
                <Target row={row} />
              </TableCell>
              <TableCell className="font-mono text-xs">{row.ip ?? "—"}</TableCell>
              <TableCell>
                <AuditChange id={row.id} before={row.before} after={row.after} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
