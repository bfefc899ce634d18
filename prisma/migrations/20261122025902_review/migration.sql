-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('APPROVE', 'REQUEST_CHANGES', 'REJECT');

-- AlterTable
ALTER TABLE "SeedTask" ADD COLUMN     "submittedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SeedReview" (
    "id" TEXT NOT NULL,
    "seedId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" "ReviewDecision" NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeedReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeedComment" (
    "id" TEXT NOT NULL,
    "seedId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "decision" "ReviewDecision",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeedComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SeedReview_reviewerId_createdAt_idx" ON "SeedReview"("reviewerId", "createdAt");

-- CreateIndex
CREATE INDEX "SeedReview_decision_createdAt_idx" ON "SeedReview"("decision", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SeedReview_seedId_version_reviewerId_key" ON "SeedReview"("seedId", "version", "reviewerId");

-- CreateIndex
CREATE INDEX "SeedComment_seedId_createdAt_idx" ON "SeedComment"("seedId", "createdAt");

-- CreateIndex
CREATE INDEX "SeedTask_status_submittedAt_idx" ON "SeedTask"("status", "submittedAt");

-- AddForeignKey
ALTER TABLE "SeedReview" ADD CONSTRAINT "SeedReview_seedId_fkey" FOREIGN KEY ("seedId") REFERENCES "SeedTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedReview" ADD CONSTRAINT "SeedReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedComment" ADD CONSTRAINT "SeedComment_seedId_fkey" FOREIGN KEY ("seedId") REFERENCES "SeedTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedComment" ADD CONSTRAINT "SeedComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: one approval from a reviewer other than the author is enough by default.
INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('review.approvalsRequired', '1', now());
