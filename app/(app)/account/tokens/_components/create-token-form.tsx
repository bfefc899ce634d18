"use client";

import { KeyRound } from "lucide-react";
import { useRef, useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { createTokenAction } from "../actions";
import { NewToken } from "./new-token";

export function CreateTokenForm() {
  const form = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(createTokenAction, (data) => {
    setCreated({ name: data.view.name, token: data.token });
    form.current?.reset();
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Create a token</h2>
        </CardTitle>
        <CardDescription>
          A token acts as you, with your roles, for as long as it is not revoked. Use one per script or
          machine.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {created ? <NewToken {...created} onDone={() => setCreated(null)} /> : null}
        <form ref={form} onSubmit={onSubmit} className="flex flex-wrap items-start gap-3" noValidate>
          {formError ? (
            <Alert variant="destructive" className="basis-full">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <div className="min-w-64 flex-1">
            <TextField
              name="name"
              label="Token name"
              required
              maxLength={100}
              placeholder="e.g. nightly export script"
              error={fieldErrors?.name}
            />
          </div>
          <Button type="submit" disabled={pending} className="mt-6">
            <KeyRound aria-hidden="true" />
            {pending ? "Creating…" : "Create token"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
