"use client";

import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { setEndpointTrustAction } from "../actions";

type Trusted = { endpoint: string; reason: string; by: string; at: string };

const select =
  "h-9 rounded-md border border-input bg-background px-2 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

/** Provider endpoints marked trusted for PHI, and the form to mark one (or take a mark back). */
export function TrustedEndpoints({ trusted }: { trusted: Trusted[] }) {
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(setEndpointTrustAction, () =>
    toast.success("Saved: the change is in the audit log"),
  );
  return (
    <div className="grid gap-4">
      {trusted.length === 0 ? (
        <p className="text-muted-foreground text-sm">
          No endpoint is trusted: the PHI gate stops every request carrying a possible patient identifier.
          Mark one below only for a model that runs in-house or under a business associate agreement.
        </p>
      ) : (
        <ul className="grid gap-1 text-sm" aria-label="Trusted endpoints">
          {trusted.map((t) => (
            <li key={t.endpoint}>
              <code>{t.endpoint}</code>: {t.reason} ({t.by}, {new Date(t.at).toLocaleDateString()})
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit} className="grid max-w-xl gap-3" noValidate>
        <div className="grid gap-1.5">
          <Label htmlFor="trust-kind">Provider</Label>
          <select id="trust-kind" name="kind" className={select} defaultValue="openai-compatible">
            <option value="openai-compatible">OpenAI-compatible (vLLM, Ollama, Azure...)</option>
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="trust-url">Base URL (empty: the provider's default endpoint)</Label>
          <Input
            id="trust-url"
            name="baseUrl"
            placeholder="http://gpu-1.internal:8000/v1"
            aria-invalid={fieldErrors?.baseUrl ? true : undefined}
            aria-describedby={fieldErrors?.baseUrl ? "trust-url-error" : undefined}
          />
          <FieldError id="trust-url-error" message={fieldErrors?.baseUrl} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="trust-reason">Why (kept in the audit log)</Label>
          <Input
            id="trust-reason"
            name="reason"
            placeholder="Runs on our own servers; no data leaves the hospital network"
            aria-invalid={fieldErrors?.reason ? true : undefined}
            aria-describedby={fieldErrors?.reason ? "trust-reason-error" : undefined}
          />
          <FieldError id="trust-reason-error" message={fieldErrors?.reason} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="trusted" defaultChecked /> Trusted (untick to take the mark back)
        </label>
        <FieldError id="trust-form-error" message={formError} />
        <Button type="submit" disabled={pending} className="justify-self-start">
          Save
        </Button>
      </form>
    </div>
  );
}
