import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can, type Permission } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { countReadyReleases } from "@/lib/dataset/releases/stats";
import { jobStateCounts } from "@/lib/generation/stats";
import { reviewStats } from "@/lib/review/stats";
import { countApprovedSeeds } from "@/lib/seeds/queries";
import { AuthorTiles, type EngineerStats, EngineerTiles, ReviewerTiles } from "./_components/dashboard-tiles";

export const metadata: Metadata = { title: "Dashboard" };

const NEXT_STEPS: { permission: Permission; href: string; title: string; text: string }[] = [
  {
    permission: "seed.create",
    href: "/seeds",
    title: "Write seed tasks",
    text: "Seed tasks are the clinician-written examples a generation job learns from. Start with a handful across different task types and difficulties.",
  },
  {
    permission: "seed.review",
    href: "/review",
    title: "Review submitted tasks",
    text: "Approve, send back or reject what authors submit. Only approved seeds can be exported.",
  },
  {
    permission: "export.read",
    href: "/exports",
    title: "Export approved seeds",
    text: "Snapshot approved seeds as versioned seed JSON for a generation pipeline.",
  },
  {
    permission: "generation.read",
    href: "/generation",
    title: "Run generation",
    text: "Turn a seed export into a deduplicated instruction dataset.",
  },
  {
    permission: "dataset.read",
    href: "/datasets",
    title: "Curate and publish datasets",
    text: "Browse what generation made, spot-check a sample, and publish the final dataset with its card.",
  },
  {
    permission: "user.manage",
    href: "/admin/users",
    title: "Add your team",
    text: "Create accounts for the clinicians who write seeds, the reviewers who approve them and the ML engineers who run generation.",
  },
];

async function engineerStats(): Promise<EngineerStats> {
  const [approvedSeeds, jobs, published] = await Promise.all([
    countApprovedSeeds(),
    jobStateCounts(),
    countReadyReleases(),
  ]);
  return {
    approvedSeeds,
    running: jobs.QUEUED + jobs.RUNNING,
    stopped: jobs.PAUSED + jobs.FAILED,
    published,
  };
}

export default async function DashboardPage() {
  const user = await requirePagePermission("dashboard.view");
  const steps = NEXT_STEPS.filter((s) => can(user.roles, s.permission));
  const [stats, engineer] = await Promise.all([
    reviewStats(user),
    can(user.roles, "generation.read") ? engineerStats() : null,
  ]);
  return (
    <>
      <PageHeader
        title={`Welcome${user.name ? `, ${user.name}` : ""}`}
        description="Where to go from here."
      />
      <div className="mb-8 grid gap-8">
        {stats.author ? <AuthorTiles stats={stats.author} email={user.email} /> : null}
        {stats.reviewer ? <ReviewerTiles stats={stats.reviewer} /> : null}
        {engineer ? <EngineerTiles stats={engineer} /> : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {steps.map((s) => (
          <Link
            key={s.href}
            href={s.href}
            className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <Card className="h-full transition-colors hover:bg-accent/40">
              <CardHeader>
                <CardTitle>
                  <h2>{s.title}</h2>
                </CardTitle>
                <CardDescription>{s.text}</CardDescription>
              </CardHeader>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
