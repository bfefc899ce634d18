import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getJudgePrompt } from "@/lib/evaluation/use-cases/judge-prompt";
import { JudgePromptEditor } from "../_components/judge-prompt-editor";

export const metadata: Metadata = { title: "Judge prompt" };

export default async function Page({ searchParams }: { searchParams: Promise<{ version?: string }> }) {
  const user = await requirePagePermission("evaluation.read");
  const q = await searchParams;
  const asked = q.version && /^\d+$/.test(q.version) ? Number(q.version) : undefined;
  const { current, shown, history, placeholders } = await getJudgePrompt(user, { version: asked }).catch(
    (error: unknown) => {
      // A version that does not exist (an old link, a typo): the 404 page, not an error.
      if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
      throw error;
    },
  );
  const mayEdit = can(user.roles, "evaluation.prompt");
  return (
    <>
      <PageHeader
        title="Judge prompt"
        description="The pairwise judge's template (AlpacaFarm's structure, as AlpaCare used it). Every edit is a new version; a run records the version it judged with, and versions never share cached verdicts."
        actions={
          <Link className="text-sm underline" href="/evaluation">
            Back to evaluation
          </Link>
        }
      />
      <section className="grid gap-3" aria-labelledby="shown-heading">
        <h2 id="shown-heading" className="font-semibold text-lg">
          Version {shown.version}{" "}
          {shown.version === current.version ? <Badge variant="secondary">newest</Badge> : null}
        </h2>
        <p className="text-muted-foreground text-sm">
          {shown.note ?? "No note."} Saved by {shown.author ?? "MedSeed (built in)"},{" "}
          <LocalTime iso={shown.createdAt.toISOString()} />.
        </p>
        <h3 className="font-medium">System message</h3>
        <pre className="whitespace-pre-wrap rounded-md border bg-muted/40 p-3 text-xs">{shown.system}</pre>
        <h3 className="font-medium">Judge prompt</h3>
        <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap rounded-md border bg-muted/40 p-3 text-xs">
          {shown.user}
        </pre>
        <ul className="text-muted-foreground text-sm">
          {placeholders.map((p) => (
            <li key={p.token}>
              <code>{p.token}</code>: {p.description}
            </li>
          ))}
        </ul>
      </section>
      <section className="mt-8 grid gap-3" aria-labelledby="history-heading">
        <h2 id="history-heading" className="font-semibold text-lg">
          Versions
        </h2>
        <Table framed>
          <TableCaption placement="hidden">Versions of the judge prompt, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Version</TableHead>
              <TableHead>Note</TableHead>
              <TableHead>By</TableHead>
              <TableHead>Saved</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {history.map((v) => (
              <TableRow key={v.id}>
                <TableCell>
                  <Link className="underline" href={`/evaluation/judge-prompt?version=${v.version}`}>
                    v{v.version}
                  </Link>
                </TableCell>
                <TableCell>{v.note ?? "–"}</TableCell>
                <TableCell>{v.author ?? "built in"}</TableCell>
                <TableCell>
                  <LocalTime iso={v.createdAt.toISOString()} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section className="mt-8 grid gap-3" aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="font-semibold text-lg">
          Edit
        </h2>
        {mayEdit ? (
          <>
            <p className="text-muted-foreground text-sm">
              Starts from version {current.version}, the newest. The judge must still answer with exactly
              &quot;Output (a)&quot;, &quot;Output (b)&quot; or &quot;Tie&quot;: anything else is retried
              once, then counted as unparsed.
            </p>
            <JudgePromptEditor key={current.version} prompt={current} />
          </>
        ) : (
          <p className="text-muted-foreground text-sm">Admins edit the judge prompt; ask one for a change.</p>
        )}
      </section>
    </>
  );
}
