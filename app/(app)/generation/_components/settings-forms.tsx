"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LocalTime } from "@/components/ui/local-time";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/auth/action";
import { saveCredentialAction, savePricesAction, savePromptAction } from "../actions";

function useSave() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [msg, setMsg] = useState<{ ok: boolean; text: string }>();
  const save = (call: () => Promise<ActionResult<unknown>>, done: string, after?: () => void) =>
    start(async () => {
      setMsg(undefined);
      const r = await reach(call());
      if (!r.ok)
        return setMsg({
          ok: false,
          text: [r.message, ...Object.values(r.fieldErrors ?? {}).flat()].join(" "),
        });
      setMsg({ ok: true, text: done });
      after?.();
      router.refresh();
    });
  const message = msg ? (
    <Alert variant={msg.ok ? "default" : "destructive"}>
      <AlertDescription>{msg.text}</AlertDescription>
    </Alert>
  ) : null;
  return { pending, save, message };
}

type History = { version: number; at: string; by: string | null; note: string | null }[];

export function PromptForm({
  kind,
  title,
  current,
  history,
  placeholders,
}: {
  kind: "TASK" | "RESPONSE";
  title: string;
  current: { version: number; system: string; user: string };
  history: History;
  placeholders: string[];
}) {
  const { pending, save, message } = useSave();
  const id = kind.toLowerCase();
  return (
    <form
      className="grid gap-3 rounded-lg border p-4"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        save(
          () =>
            savePromptAction({
              kind,
              system: String(f.get("system")),
              user: String(f.get("user") ?? ""),
              note: String(f.get("note") ?? ""),
              basedOn: current.version,
            }),
          "Saved as a new version. New jobs use it; running jobs keep theirs.",
        );
      }}
    >
      <h2 id={`${id}-h`} className="font-medium">
        {title} <span className="text-muted-foreground text-sm">(version {current.version})</span>
      </h2>
      <div className="grid gap-1">
        <Label htmlFor={`${id}-system`}>System message</Label>
        <Textarea
          id={`${id}-system`}
          name="system"
          rows={kind === "TASK" ? 3 : 5}
          defaultValue={current.system}
        />
      </div>
      {kind === "TASK" ? (
        <div className="grid gap-1">
          <Label htmlFor={`${id}-user`}>User message template</Label>
          <Textarea
            id={`${id}-user`}
            name="user"
            rows={16}
            className="font-mono text-xs"
            defaultValue={current.user}
          />
          <ul className="text-muted-foreground text-xs">
            {placeholders.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-1">
        <Label htmlFor={`${id}-note`}>What changed (optional)</Label>
        <Input id={`${id}-note`} name="note" />
      </div>
      {message}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save as version {current.version + 1}
        </Button>
        <details className="text-muted-foreground text-xs">
          <summary>History ({history.length})</summary>
          <ul>
            {history.map((h) => (
              <li key={h.version}>
                v{h.version} · <LocalTime iso={h.at} /> · {h.by ?? "built in"}
                {h.note ? ` · ${h.note}` : ""}
              </li>
            ))}
          </ul>
        </details>
      </div>
    </form>
  );
}

export function PricesForm({ json }: { json: string }) {
  const { pending, save, message } = useSave();
  return (
    <form
      className="grid gap-3 rounded-lg border p-4"
      aria-labelledby="prices-h"
      onSubmit={(e) => {
        e.preventDefault();
        const value = String(new FormData(e.currentTarget).get("json"));
        save(() => savePricesAction({ json: value }), "Price table saved. Costs of new calls use it.");
      }}
    >
      <h2 id="prices-h" className="font-medium">
        Price table
      </h2>
      <p className="text-muted-foreground text-sm">
        US dollars per million tokens, by model name (a name also prices the model names that start with it).
      </p>
      <Label htmlFor="prices-json" className="sr-only">
        Price table JSON
      </Label>
      <Textarea id="prices-json" name="json" rows={12} className="font-mono text-xs" defaultValue={json} />
      {message}
      <Button type="submit" disabled={pending} className="justify-self-start">
        Save prices
      </Button>
    </form>
  );
}

export function CredentialForm({
  credentials,
}: {
  credentials: {
    id: string;
    name: string;
    kind: string;
    baseUrl: string | null;
    keyHint: string;
    createdAt: string;
  }[];
}) {
  const { pending, save, message } = useSave();
  return (
    <form
      className="grid gap-3 rounded-lg border p-4"
      aria-labelledby="keys-h"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const get = (k: string) => String(f.get(k) ?? "");
        save(
          () =>
            saveCredentialAction({
              name: get("name"),
              kind: get("kind") as "openai",
              baseUrl: get("baseUrl"),
              apiKey: get("apiKey"),
            }),
          "Key stored, encrypted. Choose it when you start a job.",
          () => form.reset(),
        );
      }}
    >
      <h2 id="keys-h" className="font-medium">
        Stored API keys
      </h2>
      <p className="text-muted-foreground text-sm">
        Encrypted with AES-256-GCM under MEDSEED_ENCRYPTION_KEY; only workers decrypt them, and they are never
        shown again. Without stored keys, workers use OPENAI_API_KEY / ANTHROPIC_API_KEY from their
        environment.
      </p>
      {credentials.length ? (
        <ul className="text-sm">
          {credentials.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong> · {c.kind}
              {c.baseUrl ? ` · ${c.baseUrl}` : ""} · key {c.keyHint}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-muted-foreground text-sm">No stored keys.</p>
      )}
      <div className="grid gap-3 sm:grid-cols-4">
        <div className="grid gap-1">
          <Label htmlFor="key-name">Name</Label>
          <Input id="key-name" name="name" required />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="key-kind">Provider</Label>
          <select
            id="key-kind"
            name="kind"
            className="h-9 rounded-md border border-input bg-background px-2 text-sm"
          >
            <option value="openai">OpenAI</option>
            <option value="openai-compatible">OpenAI-compatible</option>
            <option value="anthropic">Anthropic</option>
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="key-base">Base URL (optional)</Label>
          <Input id="key-base" name="baseUrl" />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="key-value">API key</Label>
          <Input id="key-value" name="apiKey" type="password" autoComplete="off" required />
        </div>
      </div>
      {message}
      <Button type="submit" disabled={pending} className="justify-self-start">
        Store key
      </Button>
    </form>
  );
}
