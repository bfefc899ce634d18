// Runs once when the Next.js server starts: refuse to serve with a configuration that cannot work, then
// start the in-process generation worker (MEDSEED_WORKER=off leaves generation to `npm run worker`).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnBadConfig } = await import("@/lib/config-exit");
    exitOnBadConfig();
    if (process.env.MEDSEED_WORKER !== "off") {
      const { startWorkers } = await import("@/lib/workers");
      startWorkers().catch((error: Error) => console.error(`[worker] could not start: ${error.message}`));
    }
  }
}
