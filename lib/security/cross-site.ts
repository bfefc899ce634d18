// Server actions are POSTs to a page's own URL. Next refuses one whose Origin names another host than the
// request's (X-Forwarded-Host, else Host), but answers 500 with an error digest, as if MedSeed had failed.
// proxy.ts applies the same rule first and answers 403 with a message instead.

export const CROSS_SITE_MESSAGE = "Cross-site requests are not accepted.";

/**
 * True when a browser sent this request from another site. No Origin header at all is let through, as Next
 * does: browsers send one with every POST, so it is a hand-made request, which carries no one else's cookies.
 * `publicOrigin` (NEXTAUTH_URL) is also accepted, for a reverse proxy that rewrites Host.
 */
export function isCrossSiteRequest(headers: Headers, publicOrigin?: string): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, privacy-sensitive redirects) or garbage
  }
  if (publicOrigin && URL.canParse(publicOrigin) && new URL(origin).origin === new URL(publicOrigin).origin)
    return false;
  const forwardedHost = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwardedHost || headers.get("host");
  return !host || host !== originHost; // compared as Next does, so what passes here passes there
}
