"use client";

import { UserPlus } from "lucide-react";
import { useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { toast } from "@/components/ui/toast";
import { PASSWORD_HINT } from "@/lib/validation/password-rules";
import { createUserAction } from "../actions";
import { RoleCheckboxes } from "./role-checkboxes";

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(createUserAction, ({ email }) => {
    setOpen(false);
    toast.success(`Created ${email}`);
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a user</DialogTitle>
          <DialogDescription>Share the password with them through a safe channel.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          {formError ? (
            <Alert variant="destructive">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <TextField name="email" label="Email" type="email" required error={fieldErrors?.email} />
          <TextField name="name" label="Name" error={fieldErrors?.name} />
          <TextField
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            required
            hint={PASSWORD_HINT}
            error={fieldErrors?.password}
          />
          <fieldset
            className="grid gap-2"
            aria-describedby={fieldErrors?.roles ? "new-user-roles-error" : undefined}
          >
            <legend className="mb-1 font-medium text-sm">Roles</legend>
            <RoleCheckboxes idPrefix="new-user-role" />
            <FieldError id="new-user-roles-error" message={fieldErrors?.roles} />
          </fieldset>
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
