import "server-only";

export { describeBlock } from "./provider";

import { endpointTrust, type TrustedEndpoint } from "./phi-trust";
import {
  createScreenedClient,
  describeBlock,
  type PhiBlock,
  type PhiMemo,
  type ProviderConfig,
  type ScreenedClient,
} from "./provider";

// How stored work (generation, evaluation, rating) gets its model client: behind the PHI gate, with the
// endpoint's trust mark looked up here (an admin's setting, phi-trust.ts) and the resolutions the caller
// loaded for the texts it sends (lib/phi/resolutions.ts).

export type OutboundPolicy = {
  /** resolution keys (lib/phi/finding-key.ts) by target id: findings resolved ("not PHI", accepted) pass */
  resolved: ReadonlyMap<string, ReadonlySet<string>>;
  /** kinds of source whose findings only warn, at any endpoint (a job set to warn on model-written text) */
  warnOnly?: ReadonlySet<"seed" | "generated" | "testitem">;
  /** the findings of a request sent anyway: at a trusted endpoint (`trusted` set), or from warnOnly sources */
  onWarning?: (blocks: PhiBlock[], trusted: TrustedEndpoint | null) => void;
};

/**
 * `ahead`: what a caller read early so its start-up reads overlap: the endpoint's trust mark (`trusted`, from
 * endpointTrust, phi-trust.ts; read here when absent) and a memo of texts already screened (prescreen).
 */
export async function openScreenedClient(
  config: ProviderConfig,
  policy: OutboundPolicy,
  ahead: { trusted?: TrustedEndpoint | null; memo?: PhiMemo } = {},
): Promise<{ client: ScreenedClient; trusted: TrustedEndpoint | null }> {
  const trusted = ahead.trusted !== undefined ? ahead.trusted : await endpointTrust(config);
  const client = createScreenedClient(
    config,
    {
      trusted: trusted !== null,
      warnOnly: policy.warnOnly,
      resolved: policy.resolved,
      onWarning: policy.onWarning ? (blocks) => policy.onWarning?.(blocks, trusted) : undefined,
    },
    ahead.memo,
  );
  return { client, trusted };
}

/**
 * Reports each distinct finding once (a run makes thousands of calls), at most `max` of them: for an
 * onWarning that logs.
 */
export function oncePerFinding(report: (b: PhiBlock) => void, max = 200): (blocks: PhiBlock[]) => void {
  const seen = new Set<string>();
  return (blocks) => {
    for (const b of blocks) {
      const key = `${b.source?.targetId}\u0000${b.field}\u0000${b.category}\u0000${b.text}`;
      if (seen.has(key) || seen.size >= max) continue;
      seen.add(key);
      report(b);
    }
  };
}

/**
 * An onWarning that keeps one line on the run or job ("Sent to an endpoint marked trusted ...: PHONE "…" in
 * test item #3, input; and 2 more"), written through `write` in order, each distinct finding counted once.
 */
export function trustedWarningRecorder(
  write: (text: string) => Promise<unknown>,
  shown = 3,
): NonNullable<OutboundPolicy["onWarning"]> {
  const first: string[] = [];
  let count = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const endpoints = new Map<string, TrustedEndpoint>();
  const record = oncePerFinding((b) => {
    count++;
    if (first.length < shown) first.push(describeBlock(b));
  }, 10_000);
  return (blocks, trusted) => {
    // Evaluation and rating set no warnOnly: a warning reaches here only from a trusted endpoint.
    if (!trusted) return;
    const before = count;
    endpoints.set(trusted.endpoint, trusted);
    record(blocks);
    if (count === before) return;
    const where = [...endpoints.values()]
      .map((t) => `${t.endpoint} (trusted by ${t.by}: ${t.reason})`)
      .join(", ");
    const more = count > first.length ? `; and ${count - first.length} more` : "";
    const text = `Sent to an endpoint marked trusted, ${where}, although the PHI screen flagged ${first.join("; ")}${more}.`;
    chain = chain.then(() => write(text)).catch(() => {});
  };
}
