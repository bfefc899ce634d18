import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/auth/permissions";
import { refusedPermission } from "@/lib/auth/session";
import { ROLE_LABELS, ROLES } from "@/lib/model/roles";

/** The roles that would open the page, in words: "the Reviewer or Admin role". */
function rolesFor(): string | null {
  const { permission } = refusedPermission();
  if (!permission) return null;
  const labels = ROLES.filter((r) => can([r], permission)).map((r) => ROLE_LABELS[r]);
  if (!labels.length) return null;
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
  return `the ${list} role`;
}

// Rendered inside the app's layout, which already has the page's <main>.
export default function Forbidden() {
  const needed = rolesFor();
  return (
    <div className="mx-auto max-w-xl p-8">
      <EmptyState
        title="You don't have access to this page"
        description={
          needed
            ? `This part of MedSeed needs ${needed}, which your account does not have. Ask an admin to add it.`
            : "Your role does not include this part of MedSeed. Ask an admin to add the role you need."
        }
        action={
          <Link className="text-primary underline" href="/">
            Back to the dashboard
          </Link>
        }
      />
    </div>
  );
}
