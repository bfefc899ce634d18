"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState, useTransition } from "react";
import { TextField } from "@/components/forms/text-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { safeCallback } from "@/lib/auth/safe-callback";

type Props = {
  sso: { id: string; name: string }[];
  callbackUrl?: string;
  initialEmail?: string;
  notice?: string;
  initialError?: string;
};

export function SignInForm({ sso, callbackUrl, initialEmail, notice, initialError }: Props) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(undefined);
    startTransition(async () => {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      }).catch(() => undefined);
      if (!result || result.error) {
        setError(
          !result || result.error === "CredentialsSignin"
            ? "Wrong email or password."
            : (result.error ?? undefined),
        );
        return;
      }
      router.replace(safeCallback(callbackUrl, window.location.origin));
      router.refresh();
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1>Sign in</h1>
        </CardTitle>
        {/* Right after the first run's setup, the person signing in is the admin: the notice speaks to them. */}
        {notice ? null : <CardDescription>Use the account your MedSeed admin gave you.</CardDescription>}
      </CardHeader>
      <CardContent className="grid gap-4">
        {notice ? (
          <Alert>
            <AlertDescription>{notice}</AlertDescription>
          </Alert>
        ) : null}
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        ) : null}
        <form className="grid gap-4" onSubmit={onSubmit} noValidate>
          <TextField
            name="email"
            label="Email"
            type="email"
            autoComplete="username"
            defaultValue={initialEmail}
            required
          />
          <TextField
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
          />
          <Button type="submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
        {sso.map((p) => (
          <Button
            key={p.id}
            variant="outline"
            onClick={() => signIn(p.id, { callbackUrl: safeCallback(callbackUrl, window.location.origin) })}
          >
            Sign in with {p.name}
          </Button>
        ))}
      </CardContent>
    </Card>
  );
}
