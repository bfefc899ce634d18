// The Content-Security-Policy every page is sent with (set per request by proxy.ts).
//
// Scripts: only those carrying this response's nonce, and what they load ('strict-dynamic'). Next reads the
// nonce from the policy on the request and puts it on its own scripts (framework, chunks, inline data), which
// is why pages are rendered per request (app/layout.tsx). 'self' is for browsers without 'strict-dynamic'.
// Styles keep 'unsafe-inline': the server's markup carries style attributes (chart bars, heat-map cells,
// progress) and libraries add <style> elements without a nonce (sonner's toasts, Radix's scroll lock);
// a nonce in style-src would switch 'unsafe-inline' off and block them. Styles cannot run code.
// In development React needs eval for its error overlays; production never does.

export type PolicyOptions = { dev?: boolean; https?: boolean };

/** 128 random bits, base64: unguessable and fresh for every response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export function contentSecurityPolicy(
  nonce: string,
  { dev = false, https = false }: PolicyOptions = {},
): string {
  const directives = [
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only where the app is served over https: on plain http (a single machine, a LAN) it would break loads.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}
