import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { requirePagePermission } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/manage-user";
import { CreateUserDialog } from "./_components/create-user-dialog";
import { UsersTable } from "./_components/users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePagePermission("user.manage");
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Users"
        description="Add authors, reviewers and ML engineers, change roles, deactivate accounts. Deactivated people are signed out at once."
        actions={<CreateUserDialog />}
      />
      <UsersTable users={users} currentUserId={me.id} />
    </>
  );
}
