// Runs once when the Next.js server starts: refuse to serve with a configuration that cannot work.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnBadConfig } = await import("@/lib/config-exit");
    exitOnBadConfig();
  }
}
