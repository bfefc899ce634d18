"use client";

import { useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import type { Role } from "@/lib/model/roles";
import type { UserSummary } from "@/lib/users/types";
import { setUserActiveAction, setUserRolesAction } from "../actions";
import { RoleCheckboxes } from "./role-checkboxes";

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((r) => b.includes(r));

function UserRow({ user, isMe }: { user: UserSummary; isMe: boolean }) {
  const [pending, startTransition] = useTransition();
  // The roles ticked now (null until a box is touched): "Save roles" is offered only when they differ from the
  // saved ones, which the page's refresh after a save brings back equal.
  const [ticked, setTicked] = useState<Role[] | null>(null);
  const changed = ticked !== null && !sameRoles(ticked, user.roles);
  const run = (work: () => Promise<{ ok: boolean; message?: string }>, success: string) =>
    startTransition(async () => {
      const result = await reach(work());
      if (result.ok) toast.success(success);
      else toast.error(result.message ?? "That did not work.");
    });

  return (
    <TableRow data-testid={`user-row-${user.email}`}>
      <TableCell>
        <div className="font-medium">{user.email}</div>
        {user.name ? <div className="text-muted-foreground text-xs">{user.name}</div> : null}
      </TableCell>
      <TableCell>
        <form
          aria-label={`Roles of ${user.email}`}
          className="flex flex-wrap items-end gap-3"
          onChange={(e) =>
            setTicked(new FormData(e.currentTarget).getAll("roles").map((r) => String(r) as Role))
          }
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            form.set("userId", user.id);
            run(() => setUserRolesAction(form), `Roles of ${user.email} saved`);
          }}
        >
          <RoleCheckboxes idPrefix={`roles-${user.id}`} defaultRoles={user.roles} />
          <Button
            type="submit"
            size="sm"
            variant="outline"
            disabled={pending || !changed}
            title={changed ? undefined : "Tick or untick a role first"}
          >
            Save roles
          </Button>
        </form>
      </TableCell>
      <TableCell>
        {user.active ? (
          <Badge variant="success">Active</Badge>
        ) : (
          <Badge variant="secondary">Deactivated</Badge>
        )}
      </TableCell>
      <TableCell className="text-muted-foreground text-xs">
        {user.lastSignInAt ? new Date(user.lastSignInAt).toLocaleString() : "Never"}
      </TableCell>
      <TableCell className="text-right">
        {isMe ? (
          <span className="text-muted-foreground text-xs">You</span>
        ) : user.active ? (
          // Deactivating signs a person out at once: asked first (reactivating is not).
          <ConfirmDialog
            trigger={
              <Button size="sm" variant="destructive" disabled={pending}>
                Deactivate
              </Button>
            }
            title={`Deactivate ${user.email}?`}
            description="They are signed out at once and cannot sign in, and their API tokens stop working, until an admin reactivates them. Their seed tasks, reviews and history stay as they are."
            confirmLabel={`Deactivate ${user.email}`}
            pending={pending}
            onConfirm={async () => {
              run(() => setUserActiveAction({ userId: user.id, active: false }), `${user.email} deactivated`);
              return true;
            }}
          />
        ) : (
          <Button
            size="sm"
            variant="secondary"
            disabled={pending}
            onClick={() =>
              run(() => setUserActiveAction({ userId: user.id, active: true }), `${user.email} reactivated`)
            }
          >
            Reactivate
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

export function UsersTable({ users, currentUserId }: { users: UserSummary[]; currentUserId: string }) {
  return (
    <div className="grid gap-4">
      {users.length <= 1 ? (
        <EmptyState
          title="Only you so far"
          description="Use “Add user” to create accounts for the clinicians who write seed tasks (Author), the people who review them (Reviewer) and those who run generation and publish datasets (ML engineer)."
        />
      ) : null}
      <div className="rounded-lg border bg-background">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>User</TableHead>
              <TableHead>Roles</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Last sign-in</TableHead>
              <TableHead className="text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((u) => (
              <UserRow key={`${u.id}-${u.roles.join()}-${u.active}`} user={u} isMe={u.id === currentUserId} />
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
