export { createLlmClient } from "./client";
export {
  type ClassifyContext,
  classifyError,
  ProviderError,
  type ProviderErrorKind,
  retryAfterMsFromHeaders,
} from "./errors";
export {
  gateClient,
  type PhiBlock,
  PhiBlockedError,
  type PhiGatePolicy,
  type PhiSource,
  phiBlockMessage,
  screenOutbound,
} from "./phi-gate";
export { type RetryDelayOptions, retryDelayMs } from "./retry";
export { TokenBucket } from "./token-bucket";
export type {
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  LlmClient,
  ProviderConfig,
  ProviderKind,
} from "./types";
