"use client";

import { useRouter } from "next/navigation";
import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PASSWORD_HINT } from "@/lib/validation/password-rules";
import { setupAdminAction } from "../actions";

export function SetupForm() {
  const router = useRouter();
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(setupAdminAction, ({ email }) =>
    router.replace(`/signin?setup=done&email=${encodeURIComponent(email)}`),
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1>Create the admin account</h1>
        </CardTitle>
        <CardDescription>
          MedSeed has no accounts yet. The first one is the admin, who then adds authors, reviewers and ML
          engineers.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          {formError ? (
            <Alert variant="destructive">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <TextField name="name" label="Name" autoComplete="name" error={fieldErrors?.name} />
          <TextField
            name="email"
            label="Email"
            type="email"
            autoComplete="username"
            required
            error={fieldErrors?.email}
          />
          <TextField
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            required
            hint={PASSWORD_HINT}
            error={fieldErrors?.password}
          />
          <TextField
            name="confirm"
            label="Confirm password"
            type="password"
            autoComplete="new-password"
            required
            error={fieldErrors?.confirm}
          />
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create admin account"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
