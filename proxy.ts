import { type NextRequest, NextResponse } from "next/server";
import { PAGE_URL_HEADER } from "@/lib/auth/page-url";
import { contentSecurityPolicy, newNonce } from "@/lib/security/content-security-policy";
import { CROSS_SITE_MESSAGE, isCrossSiteRequest } from "@/lib/security/cross-site";

// Runs before every page (not the API, not static files): refuses server actions posted from other sites
// with 403, and gives each page a fresh CSP nonce. Permissions are never checked here: every page, action
// and route checks the session and the permission itself.
export function proxy(request: NextRequest) {
  const publicOrigin = process.env.NEXTAUTH_URL;
  // Pages take no POST other than server actions (fetched ones carry Next-Action; a plain form posts multipart).
  if (request.method === "POST" && isCrossSiteRequest(request.headers, publicOrigin)) {
    return new NextResponse(CROSS_SITE_MESSAGE, {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }

  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: publicOrigin?.startsWith("https:"),
  });
  // Next reads the nonce from the policy on the request, and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  // The page asked for, so that sign-in can bring an anonymous visitor back to it (requirePagePermission).
  requestHeaders.set(PAGE_URL_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // "api/" with its slash: /api-docs is a page. Prefetches render no document, so they need no nonce.
      source:
        "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|icon-512.png|apple-touch-icon.png|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
