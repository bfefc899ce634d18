-- DropIndex
DROP INDEX "SeedTask_createdAt_id_idx";

-- DropIndex
DROP INDEX "SeedTask_updatedAt_id_idx";

-- CreateIndex
CREATE INDEX "SeedTask_updatedAt_id_idx" ON "SeedTask"("updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SeedTask_createdAt_id_idx" ON "SeedTask"("createdAt" DESC, "id" DESC);
