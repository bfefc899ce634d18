import { serverEnvProblems } from "./config";

/** Node-only: prints one line per bad setting and exits, before the server takes requests. */
export function exitOnBadConfig(): void {
  const problems = serverEnvProblems(process.env);
  if (!problems.length) return;
  for (const p of problems) console.error(`[medseed] ${p.message}`);
  process.exit(1);
}
