// The page a request asked for, set by proxy.ts on every page request (never trusted from the browser: the
// proxy overwrites it), so that sign-in can bring an anonymous visitor back to where they were going.
export const PAGE_URL_HEADER = "x-medseed-page";

/** /signin, with the page to come back to when it is one of the app's own paths (not the sign-in page). */
export function signInUrl(page: string | null | undefined): string {
  if (!page?.startsWith("/") || page.startsWith("//") || page === "/" || page.startsWith("/signin"))
    return "/signin";
  return `/signin?${new URLSearchParams({ callbackUrl: page })}`;
}
