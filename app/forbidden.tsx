import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <EmptyState
        title="You don't have access to this page"
        description="Your role does not include this part of MedSeed. Ask an admin to add the role you need."
        action={
          <Link className="text-primary underline" href="/">
            Back to the dashboard
          </Link>
        }
      />
    </main>
  );
}
