import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
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

export async function trustedEndpoints(): Promise<TrustedEndpoint[]> {
  const row = await db.setting.findUnique({ where: { key: TRUSTED_ENDPOINTS_SETTING } });
  const parsed = listSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : [];
}

export async function endpointTrust(p: {
  kind: ProviderKind | string;
  baseUrl?: string | null;
}): Promise<TrustedEndpoint | null> {
  const key = endpointKey(p);
  return (await trustedEndpoints()).find((t) => t.endpoint === key) ?? null;
}

/** Marks (or unmarks) an endpoint trusted; audited as phi.endpoint.trust / phi.endpoint.untrust. */
export async function setEndpointTrust(
  actor: Actor & { label: string },
  input: { endpoint: string; trusted: boolean; reason: string },
): Promise<TrustedEndpoint[]> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${TRUSTED_ENDPOINTS_SETTING}))`;
    const row = await tx.setting.findUnique({ where: { key: TRUSTED_ENDPOINTS_SETTING } });
    const parsed = listSchema.safeParse(row?.value);
    const before = parsed.success ? parsed.data : [];
    const others = before.filter((t) => t.endpoint !== input.endpoint);
    const after = input.trusted
      ? [
          ...others,
          { endpoint: input.endpoint, reason: input.reason, by: actor.label, at: new Date().toISOString() },
        ]
      : others;
    await tx.setting.upsert({
      where: { key: TRUSTED_ENDPOINTS_SETTING },
      create: { key: TRUSTED_ENDPOINTS_SETTING, value: after },
      update: { value: after },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: input.trusted ? "phi.endpoint.trust" : "phi.endpoint.untrust",
        targetType: "setting",
        targetId: TRUSTED_ENDPOINTS_SETTING,
        before: { endpoint: input.endpoint, trusted: before.some((t) => t.endpoint === input.endpoint) },
        after: { endpoint: input.endpoint, trusted: input.trusted, reason: input.reason },
      },
      tx,
    );
    return after;
  });
}

export type JobPhiStatus = {
  /** the endpoint's trust mark: every job using it shows it */
  trusted: TrustedEndpoint | null;
  endpoint: string;
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
  const provider = (job.settings as { provider?: { kind?: string; baseUrl?: string } }).provider ?? {};
  const endpoint = endpointKey({ kind: provider.kind ?? "openai", baseUrl: provider.baseUrl });
  const trusted = (await trustedEndpoints()).find((t) => t.endpoint === endpoint) ?? null;
  const block = job.state === "PAUSED" ? (job.phiBlock as JobPhiStatus["block"]) : null;
  return { trusted, endpoint, block };
}
