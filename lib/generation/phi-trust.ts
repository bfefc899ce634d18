import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { readSetting, type SettingSpec, updateSetting } from "@/lib/settings/store";
import type { ProviderKind } from "./provider";

// Provider endpoints an admin marked trusted for PHI (a local vLLM, a deployment under a business associate
// agreement): there the PHI gate warns instead of stopping a request. One setting, every change audited.

export const TRUSTED_ENDPOINTS_SETTING = "phi.trustedEndpoints";

export type TrustedEndpoint = { endpoint: string; reason: string; by: string; at: string };

const listSchema = z.array(
  z.object({ endpoint: z.string(), reason: z.string(), by: z.string(), at: z.string() }),
);

/** How an endpoint is named: its kind and base URL ("openai-compatible http://gpu-1:8000/v1"). */
export function endpointKey(p: { kind: ProviderKind | string; baseUrl?: string | null }): string {
  const url = p.baseUrl?.trim().replace(/\/+$/, "").toLowerCase();
  return `${p.kind} ${url || "(default endpoint)"}`;
}

const TRUSTED: SettingSpec<TrustedEndpoint[]> = {
  key: TRUSTED_ENDPOINTS_SETTING,
  schema: listSchema,
  fallback: [],
};

export function trustedEndpoints(): Promise<TrustedEndpoint[]> {
  return readSetting(TRUSTED);
}

/** The endpoint's trust mark in a list read once (trustedEndpoints), for a caller with several endpoints. */
export function trustIn(
  list: readonly TrustedEndpoint[],
  p: { kind: ProviderKind | string; baseUrl?: string | null },
): TrustedEndpoint | null {
  const key = endpointKey(p);
  return list.find((t) => t.endpoint === key) ?? null;
}

export async function endpointTrust(p: {
  kind: ProviderKind | string;
  baseUrl?: string | null;
}): Promise<TrustedEndpoint | null> {
  return trustIn(await trustedEndpoints(), p);
}

/** Marks (or unmarks) an endpoint trusted; audited as phi.endpoint.trust / phi.endpoint.untrust. */
export async function setEndpointTrust(
  actor: Actor & { label: string },
  input: { endpoint: string; trusted: boolean; reason: string },
): Promise<TrustedEndpoint[]> {
  const isTrusted = (list: TrustedEndpoint[]) => list.some((t) => t.endpoint === input.endpoint);
  const { after } = await updateSetting(
    TRUSTED,
    actor.id,
    (before) => {
      const others = before.filter((t) => t.endpoint !== input.endpoint);
      if (!input.trusted) return others;
      const at = new Date().toISOString();
      return [...others, { endpoint: input.endpoint, reason: input.reason, by: actor.label, at }];
    },
    {
      action: input.trusted ? "phi.endpoint.trust" : "phi.endpoint.untrust",
      describe: (before) => ({
        before: { endpoint: input.endpoint, trusted: isTrusted(before) },
        after: { endpoint: input.endpoint, trusted: input.trusted, reason: input.reason },
      }),
    },
  );
  return after;
}

export type JobPhiStatus = {
  /** the endpoint's trust mark: every job using it shows it */
  trusted: TrustedEndpoint | null;
  endpoint: string;
  /** what the gate does on a finding in model-written text: the job's setting (old jobs: pause) */
  modelText: "pause" | "warn";
  /** the finding the gate stopped the job on, while it is paused for it */
  block: {
    field: string;
    category: string;
    text: string;
    more: number;
    source: { targetType: "seed" | "generated"; targetId: string; label: string } | null;
  } | null;
};

/** What a job's page shows of the PHI gate. */
export async function jobPhiStatus(jobId: string): Promise<JobPhiStatus | null> {
  const job = await db.generationJob.findUnique({
    where: { id: jobId },
    select: { settings: true, phiBlock: true, state: true },
  });
  if (!job) return null;
  const settings = job.settings as { provider?: { kind?: string; baseUrl?: string }; phiModelText?: string };
  const provider = settings.provider ?? {};
  const endpoint = endpointKey({ kind: provider.kind ?? "openai", baseUrl: provider.baseUrl });
  const trusted = (await trustedEndpoints()).find((t) => t.endpoint === endpoint) ?? null;
  const block = job.state === "PAUSED" ? (job.phiBlock as JobPhiStatus["block"]) : null;
  return { trusted, endpoint, block, modelText: settings.phiModelText === "warn" ? "warn" : "pause" };
}
