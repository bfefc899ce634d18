import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ApiTokenView } from "@/lib/auth/api-token";
import { RevokeTokenButton } from "./revoke-token-button";

// Rendered on the server, in UTC, so server and browser never disagree about a date's text.
const when = (d: Date | null) =>
  d ? <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 16).replace("T", " ")} UTC</time> : "Never";

export function TokensTable({ tokens }: { tokens: ApiTokenView[] }) {
  if (!tokens.length) {
    return (
      <EmptyState
        title="No tokens yet"
        description="Create one above to call the REST API from scripts, notebooks or the command line."
      />
    );
  }
  return (
    <div className="rounded-lg border bg-background">
      <Table>
        <caption className="sr-only">Your API tokens</caption>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Token</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {tokens.map((t) => (
            <TableRow key={t.id} data-testid={`token-row-${t.id}`}>
              <TableCell className="font-medium">{t.name}</TableCell>
              <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
              <TableCell className="text-muted-foreground text-xs">{when(t.createdAt)}</TableCell>
              <TableCell className="text-muted-foreground text-xs">{when(t.lastUsedAt)}</TableCell>
              <TableCell>
                {t.revokedAt ? (
                  <Badge variant="secondary">Revoked {t.revokedAt.toISOString().slice(0, 10)}</Badge>
                ) : (
                  <Badge variant="success">Active</Badge>
                )}
              </TableCell>
              <TableCell className="text-right">
                {t.revokedAt ? null : <RevokeTokenButton id={t.id} name={t.name} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
