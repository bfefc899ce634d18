export {
  type ClassifyContext,
  classifyError,
  ProviderError,
  type ProviderErrorKind,
  retryAfterMsFromHeaders,
} from "./errors";
export {
  describeBlock,
  gateClient,
  type PhiBlock,
  PhiBlockedError,
  type PhiGatePolicy,
  PhiMemo,
  type PhiSource,
  phiBlockMessage,
  prescreen,
  screenOutbound,
} from "./phi-gate";
export { type RetryDelayOptions, retryDelayMs, retryingIn, withoutFullStop } from "./retry";
export { createScreenedClient, type ScreenedClient } from "./screened";
export { TokenBucket } from "./token-bucket";
export type {
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  LlmClient,
  ProviderConfig,
  ProviderKind,
} from "./types";
