/**
 * The client address for rate limiting and the audit log. scripts/server.mjs writes the socket address
 * into X-MedSeed-Client-IP (overwriting any value a client sent). Behind a reverse proxy that address is
 * the proxy's, so with MEDSEED_TRUST_PROXY=true the first X-Forwarded-For hop is used instead (only set it
 * when the proxy overwrites that header: otherwise clients could pick their own address).
 */
export function clientIp(
  headers: Headers | Record<string, string | string[] | undefined> | undefined,
  trustProxy = process.env.MEDSEED_TRUST_PROXY === "true",
): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (trustProxy) {
    const first = get("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first;
  }
  return get("x-medseed-client-ip") || "unknown";
}
