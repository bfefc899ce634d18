/**
 * Where to go after signing in: only same-origin destinations, so a crafted link cannot send people
 * elsewhere. Parsing (rather than looking at the first characters) also catches "/\\evil.example",
 * "/\t/evil.example" and "//evil.example".
 */
export function safeCallback(url: string | undefined, origin: string): string {
  if (!url) return "/";
  try {
    const target = new URL(url, origin);
    return target.origin === origin ? `${target.pathname}${target.search}${target.hash}` : "/";
  } catch {
    return "/";
  }
}
