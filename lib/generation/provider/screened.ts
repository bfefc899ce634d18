import { createLlmClient } from "./client";
import {
  applyGate,
  gateClient,
  type PhiGatePolicy,
  PhiMemo,
  type PhiSource,
  screenOutbound,
} from "./phi-gate";
import type { LlmClient, ProviderConfig } from "./types";

// The provider layer's one way to get a client for stored work (generation, evaluation, rating): every
// request passes the PHI gate (phi-gate.ts). Server code builds it through lib/generation/outbound.ts, which
// looks up the endpoint's trust mark and takes the caller's resolutions; the database-less `rate` CLI
// builds it itself (its --accept-phi is the trust). `createLlmClient` is not exported from this layer, and
// tests/unit/provider-gate-usage.test.ts checks that nothing else calls it: no request leaves unscreened.

export type ScreenedClient = LlmClient & {
  /**
   * Screens sources before any request is built from them (a run's whole input at its start): throws
   * PhiBlockedError on an unresolved finding, or reports it to onWarning at a trusted endpoint.
   */
  screen(sources: readonly PhiSource[]): void;
};

/**
 * `memo`: one for the preflight and every request, so each distinct text is screened once per client; a caller
 * may pass one it filled ahead (prescreen) or shares between its clients (findings depend on the text alone).
 */
export function createScreenedClient(
  config: ProviderConfig,
  policy: PhiGatePolicy,
  memo: PhiMemo = new PhiMemo(),
): ScreenedClient {
  const gated = gateClient(createLlmClient(config), policy, memo);
  return {
    complete: (req) => gated.complete(req),
    screen(sources) {
      applyGate(screenOutbound({ messages: [], phiSources: [...sources] }, policy.resolved, memo), policy);
    },
  };
}
