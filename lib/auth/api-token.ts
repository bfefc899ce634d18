import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { loadActiveUser, type SessionUser } from "./session";

// Personal API tokens: "msd_" + 32 random bytes. Shown once at creation; only the SHA-256 is stored.
const PREFIX = "msd_";
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function createApiToken(
  userId: string,
  name: string,
): Promise<{ token: string; view: ApiTokenView }> {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name: name.trim(), prefix: token.slice(0, 10), tokenHash: hash(token) },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
    await recordAudit(
      {
        actorId: userId,
        action: "token.create",
        targetType: "token",
        targetId: created.id,
        after: { name: created.name },
      },
      tx,
    );
    return created;
  });
  return { token, view: row };
}

export async function listApiTokens(userId: string): Promise<ApiTokenView[]> {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Only the owner revokes (another user's token is "not found"). */
export async function revokeApiToken(userId: string, tokenId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const done = await tx.apiToken.updateMany({
      where: { id: tokenId, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (!done.count) throw new AppError("NOT_FOUND", "No such active token.");
    await recordAudit(
      { actorId: userId, action: "token.revoke", targetType: "token", targetId: tokenId },
      tx,
    );
  });
}

/** The active owner of a Bearer token, or null (unknown, revoked, or the owner deactivated). */
export async function userForApiToken(token: string): Promise<SessionUser | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hash(token) },
    select: { id: true, userId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  const user = await loadActiveUser(row.userId);
  // Record use at most once a minute, to keep reads cheap.
  if (user && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return user;
}

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1] ?? null;
}
