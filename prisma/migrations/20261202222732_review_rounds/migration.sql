-- DropIndex
DROP INDEX "SeedReview_seedId_version_reviewerId_key";

-- AlterTable
ALTER TABLE "SeedReview" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "SeedTask" ADD COLUMN     "reviewRound" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "SeedReview_seedId_version_round_reviewerId_key" ON "SeedReview"("seedId", "version", "round", "reviewerId");

-- Existing data: a task that was ever submitted is in its first counted round, and the decisions made since
-- its last submit belong to that round (earlier ones to round 0), so a task sent back before this migration
-- and resubmitted after it comes back to the reviewer who asked for the changes.
UPDATE "SeedTask" SET "reviewRound" = 1 WHERE "submittedAt" IS NOT NULL;
UPDATE "SeedReview" r SET "round" = 1
FROM "SeedTask" s
WHERE s."id" = r."seedId" AND s."submittedAt" IS NOT NULL AND r."createdAt" >= s."submittedAt";
