import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
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
import type { SessionUser } from "@/lib/auth/session";
import { requirePagePermission } from "@/lib/auth/session";
import { LEAKAGE_THRESHOLD } from "@/lib/evaluation/leakage-scan";
import { typedRunKeyProblem } from "@/lib/evaluation/run-keys";
import { evalRunFormValues } from "@/lib/evaluation/use-cases/get-eval-run";
import { getJudgePrompt } from "@/lib/evaluation/use-cases/judge-prompt";
import { listTestItems } from "@/lib/evaluation/use-cases/test-item-queries";
import { getTestset, testsetIdentifiers, testsetLeakage } from "@/lib/evaluation/use-cases/testsets";
import { listCredentials } from "@/lib/generation/credentials";
import { orNotFound } from "@/lib/pages/or-not-found";
import { countOf } from "@/lib/utils/plural";
import { AuthoredItems } from "../../_components/authored-items";
import { FreezeButton } from "../../_components/freeze-button";
import { LeakageLive } from "../../_components/leakage-live";
import { StartRunForm } from "../../_components/start-run-form";

export const metadata: Metadata = { title: "Test set" };

type Query = { version?: string; flagged?: string; identifiers?: string; state?: string; from?: string };

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Query>;
}) {
  const user = await requirePagePermission("evaluation.read");
  const { id } = await params;
  const q = await searchParams;
  const [data, written] = await Promise.all([
    orNotFound(getTestset(user, { id, version: q.version ? Number(q.version) : undefined })),
    orNotFound(listTestItems(user, { testSetId: id, state: q.state })),
  ]);
  const authored = (
    <AuthoredItems
      testSetId={id}
      items={written.items}
      waiting={written.waiting}
      state={q.state}
      mayWrite={can(user.roles, "testset.write")}
      mayReview={can(user.roles, "testitem.review")}
    />
  );
  if (!data.version) {
    return (
      <>
        <PageHeader
          title={data.set.name}
          description="No version yet: write items, have them approved, then freeze the first version."
        />
        {authored}
      </>
    );
  }
  return <VersionView user={user} q={q} data={{ ...data, version: data.version }} authored={authored} />;
}

type Loaded = Awaited<ReturnType<typeof getTestset>>;

async function VersionView({
  user,
  q,
  data,
  authored,
}: {
  user: SessionUser;
  q: Query;
  data: Loaded & { version: NonNullable<Loaded["version"]> };
  authored: React.ReactNode;
}) {
  const { set, versions, version, items, references } = data;
  // The check stored by the workers (lib/evaluation/leakage.ts): this page reads it, never the corpora.
  const [{ status, items: checkedItems }, identifiers] = await Promise.all([
    testsetLeakage(user, { versionId: version.id }),
    testsetIdentifiers(user, { versionId: version.id }),
  ]);
  const leakage = new Map(checkedItems.map((l) => [l.itemId, l]));
  const flagged = checkedItems.filter((l) => l.flagged).length;
  const withIdentifiers = new Map(identifiers.items.map((i) => [i.itemId, i]));
  const shown = items.filter(
    (i) => (!q.flagged || leakage.get(i.id)?.flagged) && (!q.identifiers || withIdentifiers.has(i.id)),
  );
  const mayCheck = can(user.roles, "evaluation.run");
  // What the start form offers: the judge prompt's versions, and the stored API keys by name and last characters.
  const [judgePrompts, credentials] =
    version.frozen && mayCheck
      ? await Promise.all([getJudgePrompt(user), listCredentials()])
      : [{ history: [] }, []];
  // "Start a new run with these settings" on a run's page: its settings fill the form (not its keys).
  const from =
    q.from && mayCheck && version.frozen
      ? await evalRunFormValues(user, { run: q.from }).catch(() => null)
      : null;
  const score = (s: { score: number } | null | undefined) => (s ? s.score.toFixed(2) : "–");
  return (
    <>
      <PageHeader
        title={set.name}
        description={`Version ${version.number} of ${versions.length}: ${countOf(items.length, "item")}, references ${references.join(", ")}.`}
        actions={
          <>
            {version.frozen ? <Badge variant="secondary">frozen</Badge> : null}
            {!version.frozen && can(user.roles, "testset.write") ? (
              <FreezeButton versionId={version.id} />
            ) : null}
            <Link className="text-sm underline" href={`/evaluation/compare?testset=${set.id}`}>
              Compare runs
            </Link>
          </>
        }
      />
      <nav aria-label="Versions" className="mb-4 flex gap-3 text-sm">
        {versions.map((v) => (
          <Link
            key={v.id}
            href={`/evaluation/testsets/${set.id}?version=${v.number}`}
            aria-current={v.id === version.id ? "page" : undefined}
            className={v.id === version.id ? "font-semibold" : "underline"}
          >
            v{v.number} {v.frozen ? "(frozen)" : "(draft)"} · {countOf(v._count.items, "item")}
          </Link>
        ))}
      </nav>
      {version.frozen && can(user.roles, "evaluation.run") ? (
        <section className="mb-6 grid gap-2" id="new-run">
          <h2 className="font-semibold text-lg">Start a run</h2>
          {from ? (
            <p className="text-muted-foreground text-sm">
              Filled in from run #{from.number}: change what needs changing (a URL, a model) and start.
            </p>
          ) : null}
          <StartRunForm
            testSetId={set.id}
            initial={from?.values}
            references={references}
            mayTrust={can(user.roles, "settings.manage")}
            judgePrompts={judgePrompts.history.map((v) => ({ version: v.version, note: v.note }))}
            credentials={credentials.map((c) => ({ id: c.id, label: `${c.name} (${c.keyHint})` }))}
            typedKeyProblem={typedRunKeyProblem()}
          />
        </section>
      ) : !version.frozen ? (
        <p className="mb-6 text-muted-foreground text-sm">
          Freeze this version to evaluate it; edits then make a new version.
        </p>
      ) : null}
      {authored}
      <section className="grid gap-2">
        <h2 className="font-semibold text-lg">Items in version {version.number}</h2>
        {status.checked ? (
          <p className="text-sm" role="status">
            Leakage check: {flagged} of {items.length} items score above {LEAKAGE_THRESHOLD} ROUGE-L against
            the approved seeds or the generated tasks. Checked{" "}
            <LocalTime iso={status.checked.at.toISOString()} /> against{" "}
            {status.checked.seeds.toLocaleString("en-US")} seeds and{" "}
            {status.checked.records.toLocaleString("en-US")} generated records.{" "}
            {status.changedSince &&
            (status.changedSince.seeds || status.changedSince.jobs) &&
            !status.pending ? (
              <strong className="font-medium">
                Since then,{" "}
                {[
                  status.changedSince.seeds
                    ? `${countOf(status.changedSince.seeds, "approved seed")} changed`
                    : "",
                  status.changedSince.jobs
                    ? `${countOf(status.changedSince.jobs, "generation job")} added or changed records`
                    : "",
                ]
                  .filter(Boolean)
                  .join(" and ")}
                : {mayCheck ? "check again to include them." : "an engineer or admin can check again."}{" "}
              </strong>
            ) : null}
            {q.flagged ? (
              <Link className="underline" href={`?version=${version.number}`}>
                Show all items
              </Link>
            ) : flagged ? (
              <Link className="underline" href={`?version=${version.number}&flagged=1`}>
                Show only flagged items
              </Link>
            ) : null}
          </p>
        ) : status.pending ? null : (
          <EmptyState
            headingLevel="h3"
            title="Not checked for leakage yet"
            description={
              mayCheck
                ? "Check this version against the approved seeds and the generated records: items that nearly repeat one (ROUGE-L above 0.7) are flagged, since a model trained on them wins them for the wrong reason."
                : "An engineer or admin can check this version against the approved seeds and the generated records; items that nearly repeat one are flagged."
            }
          />
        )}
        <LeakageLive
          versionId={version.id}
          pending={status.pending}
          checked={!!status.checked}
          mayCheck={mayCheck}
        />
        {status.error && !status.pending ? (
          <Alert variant="destructive">
            <AlertDescription>
              The last leakage check failed; the workers try it again (the server log has the reason).
            </AlertDescription>
          </Alert>
        ) : null}
        <IdentifierSummary
          screen={identifiers}
          references={references}
          items={items.length}
          version={version.number}
          filtered={!!q.identifiers}
          mayTrust={can(user.roles, "settings.manage")}
        />
        <Table framed>
          <TableCaption placement="hidden">Test items</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Id</TableHead>
              <TableHead>Instruction</TableHead>
              <TableHead numeric>Difficulty</TableHead>
              <TableHead>Topic / type</TableHead>
              <TableHead numeric>ROUGE-L seeds</TableHead>
              <TableHead numeric>ROUGE-L generated</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((item) => {
              const l = leakage.get(item.id);
              return (
                <TableRow key={item.id}>
                  <TableCell>{item.externalId ?? item.position + 1}</TableCell>
                  <TableCell className="max-w-xl whitespace-normal">
                    {item.instruction}
                    {l?.flagged ? (
                      <Badge variant="destructive" className="ml-2">
                        possible leak
                      </Badge>
                    ) : null}
                    <IdentifierBadge found={withIdentifiers.get(item.id)} />
                  </TableCell>
                  <TableCell numeric>{item.difficulty ?? "–"}</TableCell>
                  <TableCell>{[item.topic, item.taskType].filter(Boolean).join(" · ") || "–"}</TableCell>
                  <TableCell numeric title={l?.seed?.text}>
                    {score(l?.seed)}
                  </TableCell>
                  <TableCell numeric title={l?.generated?.text}>
                    {score(l?.generated)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </section>
    </>
  );
}

type Screen = Awaited<ReturnType<typeof testsetIdentifiers>>;

/**
 * The version's possible patient identifiers, found now rather than when a run stops at the first: how many
 * items, where (the question goes to both endpoints, a reference answer to the judge only), and the ways out.
 */
function IdentifierSummary({
  screen,
  references,
  items,
  version,
  filtered,
  mayTrust,
}: {
  screen: Screen;
  /** the version's reference names */
  references: string[];
  items: number;
  version: number;
  filtered: boolean;
  mayTrust: boolean;
}) {
  const found = screen.items.length;
  const filter = filtered ? (
    <Link className="underline" href={`?version=${version}`}>
      Show all items
    </Link>
  ) : null;
  if (!found)
    return (
      <p className="text-sm" role="status" data-testid="testset-identifiers">
        Identifier screen: no possible patient identifier in the {countOf(items, "item")}&apos; instructions,
        inputs or reference answers. {filter}
      </p>
    );
  const inQuestion = screen.items.filter((i) => i.question.length).length;
  // Items with a finding in each reference answer itself (sent to the judge only when that reference is chosen).
  const inReference = references
    .map((model) => [model, screen.items.filter((i) => i.references[model]).length] as const)
    .filter(([, n]) => n)
    .map(([model, n]) => `${model} ${n}`);
  const where = [
    inQuestion ? `${inQuestion} in the instruction or input (sent to the candidate and the judge)` : null,
    inReference.length ? `in reference answers (sent to the judge): ${inReference.join(", ")}` : null,
  ].filter(Boolean);
  return (
    <Alert variant="warning" data-testid="testset-identifiers">
      <AlertDescription>
        <p>
          Identifier screen: {countOf(found, "item")} of {items} {found === 1 ? "holds" : "hold"} possible
          patient identifiers nobody resolved: {where.join("; ")}. A run&apos;s PHI gate pauses at the first
          of them unless the endpoint is marked trusted (
          {screen.trustedEndpoints
            ? `${countOf(screen.trustedEndpoints, "endpoint")} marked now`
            : "none is marked now"}
          ): replace them with placeholders and import a new version, or
          {mayTrust ? (
            <>
              {" "}
              mark the endpoint trusted in{" "}
              <Link className="underline" href="/admin/settings#trusted-endpoints">
                Admin &gt; Settings
              </Link>
            </>
          ) : (
            " ask an admin to mark the endpoint trusted"
          )}
          .{" "}
          {filter ?? (
            <Link className="underline" href={`?version=${version}&identifiers=1`}>
              Show only these items
            </Link>
          )}
        </p>
      </AlertDescription>
    </Alert>
  );
}

/** Under an item's instruction: what the screen found in it, each finding once. */
function IdentifierBadge({ found }: { found: Screen["items"][number] | undefined }) {
  if (!found) return null;
  const all = [
    ...found.question,
    ...Object.entries(found.references).flatMap(([model, blocks]) =>
      blocks.map((b) => ({ ...b, field: `${model} reference` })),
    ),
  ];
  const listed = [...new Set(all.map((b) => `${b.category} "${b.text}" in the ${b.field}`))];
  return (
    <span className="mt-1 block text-warning-foreground text-xs">
      Possible identifier: {listed.slice(0, 3).join("; ")}
      {listed.length > 3 ? `; and ${listed.length - 3} more` : ""}
    </span>
  );
}
