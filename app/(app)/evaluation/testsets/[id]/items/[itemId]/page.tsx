import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { SeedPhiFindings } from "@/components/phi/seed-phi-findings";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getTestItem } from "@/lib/evaluation/use-cases/test-item-queries";
import { licenceLabel } from "@/lib/model/licences";
import { sourceKindLabel } from "@/lib/model/source-kinds";
import { EDITABLE_TEST_ITEM_STATES, TEST_ITEM_STATE_LABELS } from "@/lib/model/test-item-states";
import { orNotFound } from "@/lib/pages/or-not-found";
import { TestItemEditor } from "../../../../_components/test-item-editor";
import { TestItemReview } from "../../../../_components/test-item-review";

export const metadata: Metadata = { title: "Test item" };

export default async function Page({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const user = await requirePagePermission("evaluation.read");
  const { id, itemId } = await params;
  const { item, testSet, revisions, phi, phiResolved } = await orNotFound(getTestItem(user, { id: itemId }));
  if (testSet.id !== id) notFound();
  const editable =
    !item.frozenVersionId &&
    EDITABLE_TEST_ITEM_STATES.includes(item.state) &&
    can(user.roles, "testset.write");
  const setHref = `/evaluation/testsets/${testSet.id}`;
  const reviewNote = item.reviewComment ? (
    <Alert variant={item.state === "SENT_BACK" ? "warning" : "default"}>
      <AlertTitle>
        {TEST_ITEM_STATE_LABELS[item.state]} by {item.reviewerName ?? "a reviewer"}
      </AlertTitle>
      <AlertDescription>{item.reviewComment}</AlertDescription>
    </Alert>
  ) : null;

  if (editable) {
    return (
      <>
        <PageHeader
          title="Edit test item"
          description={`For ${testSet.name}. ${TEST_ITEM_STATE_LABELS[item.state]}, version ${item.version}, written by ${item.authorName}.`}
        />
        <TestItemEditor
          testSetId={testSet.id}
          testSetName={testSet.name}
          itemId={item.id}
          version={item.version}
          initial={{
            instruction: item.instruction,
            input: item.input,
            reference: item.reference,
            difficulty: item.difficulty ? String(item.difficulty) : "",
            topic: item.topic,
            sourceKind: item.sourceKind,
            citation: item.citation,
            citationUrl: item.citationUrl,
            licence: item.licence,
            adapted: item.adapted,
          }}
          phiResolved={phiResolved}
          beside={reviewNote}
        />
      </>
    );
  }

  const field = (label: string, value: string) =>
    value ? (
      <div className="grid gap-1">
        <dt className="font-medium text-sm">{label}</dt>
        <dd className="whitespace-pre-wrap text-sm">{value}</dd>
      </div>
    ) : null;
  return (
    <>
      <PageHeader
        title="Test item"
        description={`For ${testSet.name}: version ${item.version}, written by ${item.authorName}, ${revisions} saved states.`}
        actions={
          <>
            <Badge variant={item.state === "APPROVED" ? "success" : "secondary"}>
              {TEST_ITEM_STATE_LABELS[item.state]}
            </Badge>
            <Link className="text-sm underline" href={setHref}>
              Back to {testSet.name}
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="grid content-start gap-4">
          {item.frozenVersionId ? (
            <p className="text-sm" role="status">
              In a frozen version of the test set: changes are made by writing a new item.
            </p>
          ) : item.state === "APPROVED" ? (
            <p className="text-sm" role="status">
              Approved: it enters the next version when someone chooses "Freeze new version" on the test set.
            </p>
          ) : null}
          {reviewNote}
          <Card>
            <CardHeader>
              <CardTitle>Item</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-3">
                {field("Instruction", item.instruction)}
                {field("Input", item.input)}
                {field("Reference answer", item.reference)}
                {field("Difficulty", item.difficulty ? String(item.difficulty) : "not set")}
                {field("Topic", item.topic)}
                {field(
                  "Source",
                  [
                    sourceKindLabel(item.sourceKind),
                    item.citation,
                    item.citationUrl,
                    licenceLabel(item.licence),
                    item.adapted ? "adapted" : "",
                  ]
                    .filter(Boolean)
                    .join(" · "),
                )}
              </dl>
            </CardContent>
          </Card>
        </div>
        <aside className="grid content-start gap-4">
          {item.state === "SUBMITTED" && can(user.roles, "testitem.review") ? (
            <TestItemReview id={item.id} version={item.version} />
          ) : item.state === "SUBMITTED" ? (
            <p className="text-muted-foreground text-sm">Waiting for a reviewer.</p>
          ) : null}
          <SeedPhiFindings
            targetId={item.id}
            targetType="testdraft"
            texts={{ instruction: item.instruction, input: item.input, output: item.reference }}
            open={phi.open}
            resolved={phi.resolved}
            canResolve={item.state === "SUBMITTED" && can(user.roles, "phi.resolve")}
          />
        </aside>
      </div>
    </>
  );
}
