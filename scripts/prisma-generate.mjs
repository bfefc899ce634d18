// `prisma generate` without network access. The Prisma 7 CLI tries to download its native schema engine
// at start-up unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file; `generate` never runs it.
import { spawnSync } from "node:child_process";

const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const r = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
