import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <EmptyState
        title="Page not found"
        description="The page may have moved, or the link is mistyped."
        action={
          <Link className="text-primary underline" href="/">
            Back to the dashboard
          </Link>
        }
      />
    </main>
  );
}
