-- CreateEnum
CREATE TYPE "RatingItemStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "DatasetRelease" ADD COLUMN     "minRating" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "GeneratedTask" ADD COLUMN     "qualityRatingId" TEXT,
ADD COLUMN     "qualityScore" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "SpotCheck" ADD COLUMN     "doubleGrading" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RecordSignals" (
    "taskId" TEXT NOT NULL,
    "curationVersion" INTEGER NOT NULL,
    "words" INTEGER NOT NULL,
    "chars" INTEGER NOT NULL,
    "refusal" BOOLEAN NOT NULL,
    "disclaimer" BOOLEAN NOT NULL,
    "patterns" TEXT[],
    "rougeLInstruction" DOUBLE PRECISION NOT NULL,
    "multipleChoice" BOOLEAN NOT NULL,
    "missingAnswerLine" BOOLEAN NOT NULL,
    "languageMismatch" BOOLEAN NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordSignals_pkey" PRIMARY KEY ("taskId")
);

-- CreateTable
CREATE TABLE "RatingRubric" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "system" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "note" TEXT,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RatingRubric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rating" (
    "id" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "rubricId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "rationale" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "problem" TEXT,
    "answers" INTEGER NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RatingJob" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "state" "GenerationJobState" NOT NULL DEFAULT 'QUEUED',
    "generationJobId" TEXT,
    "releaseId" TEXT,
    "rubricId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "budgetUsd" DOUBLE PRECISION,
    "estimateUsd" DOUBLE PRECISION,
    "total" INTEGER NOT NULL DEFAULT 0,
    "doneCount" INTEGER NOT NULL DEFAULT 0,
    "cachedCount" INTEGER NOT NULL DEFAULT 0,
    "unparsedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" BIGINT NOT NULL DEFAULT 0,
    "completionTokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "failureStreak" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RatingJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RatingItem" (
    "ratingJobId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "taskId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "status" "RatingItemStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" TIMESTAMP(3),
    "leaseToken" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "ratingId" TEXT,
    "cached" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,

    CONSTRAINT "RatingItem_pkey" PRIMARY KEY ("ratingJobId","position")
);

-- CreateTable
CREATE TABLE "SpotCheckReview" (
    "spotCheckId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "graderId" TEXT NOT NULL,
    "grade" "SpotCheckGrade" NOT NULL,
    "note" TEXT,
    "gradedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpotCheckReview_pkey" PRIMARY KEY ("spotCheckId","position","graderId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RatingRubric_version_key" ON "RatingRubric"("version");

-- CreateIndex
CREATE UNIQUE INDEX "Rating_contentHash_rubricId_model_key" ON "Rating"("contentHash", "rubricId", "model");

-- CreateIndex
CREATE UNIQUE INDEX "RatingJob_number_key" ON "RatingJob"("number");

-- CreateIndex
CREATE INDEX "RatingJob_generationJobId_idx" ON "RatingJob"("generationJobId");

-- CreateIndex
CREATE INDEX "RatingJob_state_idx" ON "RatingJob"("state");

-- CreateIndex
CREATE INDEX "RatingItem_ratingJobId_status_idx" ON "RatingItem"("ratingJobId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RatingItem_ratingJobId_taskId_key" ON "RatingItem"("ratingJobId", "taskId");

-- CreateIndex
CREATE INDEX "SpotCheckReview_spotCheckId_graderId_idx" ON "SpotCheckReview"("spotCheckId", "graderId");

-- CreateIndex
CREATE INDEX "GeneratedTask_jobId_qualityScore_idx" ON "GeneratedTask"("jobId", "qualityScore");

-- AddForeignKey
ALTER TABLE "GeneratedTask" ADD CONSTRAINT "GeneratedTask_qualityRatingId_fkey" FOREIGN KEY ("qualityRatingId") REFERENCES "Rating"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordSignals" ADD CONSTRAINT "RecordSignals_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "GeneratedTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingRubric" ADD CONSTRAINT "RatingRubric_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "RatingRubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingJob" ADD CONSTRAINT "RatingJob_generationJobId_fkey" FOREIGN KEY ("generationJobId") REFERENCES "GenerationJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingJob" ADD CONSTRAINT "RatingJob_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "RatingRubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingJob" ADD CONSTRAINT "RatingJob_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingItem" ADD CONSTRAINT "RatingItem_ratingJobId_fkey" FOREIGN KEY ("ratingJobId") REFERENCES "RatingJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingItem" ADD CONSTRAINT "RatingItem_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "GeneratedTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingItem" ADD CONSTRAINT "RatingItem_ratingId_fkey" FOREIGN KEY ("ratingId") REFERENCES "Rating"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheckReview" ADD CONSTRAINT "SpotCheckReview_spotCheckId_position_fkey" FOREIGN KEY ("spotCheckId", "position") REFERENCES "SpotCheckItem"("spotCheckId", "position") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheckReview" ADD CONSTRAINT "SpotCheckReview_graderId_fkey" FOREIGN KEY ("graderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
