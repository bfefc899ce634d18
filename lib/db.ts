import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { disconnectPg } from "./db/pg";

// The one Prisma client. Created on first use, so that `next build` (no database) and the CLI
// (which sets DATABASE_URL after start-up) can import this module freely.

const globalForPrisma = globalThis as unknown as { medseedPrisma?: PrismaClient };

function client(): PrismaClient {
  if (!globalForPrisma.medseedPrisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error(
        "DATABASE_URL is not set: start MedSeed with `npm start`, which provides the database.",
      );
    }
    globalForPrisma.medseedPrisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }),
    });
  }
  return globalForPrisma.medseedPrisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  const c = globalForPrisma.medseedPrisma;
  globalForPrisma.medseedPrisma = undefined;
  await Promise.all([c?.$disconnect(), disconnectPg()]);
}
