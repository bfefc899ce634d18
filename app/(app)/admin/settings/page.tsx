import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { publishMinAcceptable } from "@/lib/dataset/releases/quality";
import { trustedEndpoints } from "@/lib/generation/phi-trust";
import { approvalsRequired } from "@/lib/review/settings";
import { ApprovalsForm } from "./_components/approvals-form";
import { PublishThresholdForm } from "./_components/publish-threshold-form";
import { TrustedEndpoints } from "./_components/trusted-endpoints";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePagePermission("settings.manage");
  const [current, minAcceptable, trusted] = await Promise.all([
    approvalsRequired(),
    publishMinAcceptable(),
    trustedEndpoints(),
  ]);
  const minPercent = Math.round(minAcceptable * 100);
  return (
    <>
      <PageHeader
        title="Settings"
        description="Workspace rules that apply to everyone. Every change is in the audit log."
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Review</h2>
          </CardTitle>
          <CardDescription>
            Currently {current === 1 ? "one approval" : `${current} approvals`} per revision.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid max-w-prose gap-2 text-sm">
            <p>
              <strong>1</strong> means one reviewer other than the author approves a revision and it is
              approved. <strong>2</strong> means two different reviewers must approve the same revision; with
              more, more reviewers are needed.
            </p>
            <p>
              Approvals count per revision: editing a task starts the count again. A reviewer who requests
              changes or rejects ends the round at once, whatever this number is.
            </p>
            <p className="text-muted-foreground">
              A change applies from the next decision on: tasks already waiting are not re-decided, so a task
              that now has enough approvals is approved when the next reviewer approves it.
            </p>
          </div>
          <ApprovalsForm current={current} />
        </CardContent>
      </Card>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>
            <h2>Publishing</h2>
          </CardTitle>
          <CardDescription>
            {minPercent > 0
              ? `Publishing a dataset whose spot check estimates under ${minPercent}% acceptable asks for a reason.`
              : "The share acceptable does not hold publishing back."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <p className="max-w-prose text-sm">
            The publish form shows the spot-check estimate (share acceptable, 95% interval) and how many
            records graded unsafe are still in. Below this share, or with any unsafe record in, the publisher
            must confirm with a reason; it is kept on the release, in its dataset card and in the audit log.
          </p>
          <PublishThresholdForm currentPercent={minPercent} />
        </CardContent>
      </Card>
      <Card className="mt-6 scroll-mt-24" id="trusted-endpoints">
        <CardHeader>
          <CardTitle>
            <h2>PHI gate: trusted endpoints</h2>
          </CardTitle>
          <CardDescription>
            Every request to a model is screened for possible patient identifiers; one carrying an unresolved
            finding is not sent and its job pauses. For an endpoint marked trusted the gate only warns, and
            every job using it says so.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TrustedEndpoints trusted={trusted} />
        </CardContent>
      </Card>
    </>
  );
}
