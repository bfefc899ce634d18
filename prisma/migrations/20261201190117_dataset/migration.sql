-- CreateEnum
CREATE TYPE "SpotCheckGrade" AS ENUM ('ACCEPTABLE', 'WRONG', 'UNSAFE', 'OFF_TASK');

-- CreateEnum
CREATE TYPE "ReleaseState" AS ENUM ('PENDING', 'READY', 'FAILED');

-- AlterTable
ALTER TABLE "GeneratedTask" ADD COLUMN     "curatedAt" TIMESTAMP(3),
ADD COLUMN     "curatedById" TEXT,
ADD COLUMN     "curatedInput" TEXT,
ADD COLUMN     "curatedInstruction" TEXT,
ADD COLUMN     "curatedOutput" TEXT,
ADD COLUMN     "curationVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "excluded" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "excludedReason" TEXT;

-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN     "curationVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "GeneratedTaskEdit" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "change" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "excluded" BOOLEAN NOT NULL,
    "reason" TEXT,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GeneratedTaskEdit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpotCheck" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "marginOfError" DOUBLE PRECISION NOT NULL,
    "population" INTEGER NOT NULL,
    "sampleSize" INTEGER NOT NULL,
    "rngSeed" INTEGER NOT NULL,
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpotCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpotCheckItem" (
    "spotCheckId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "taskId" TEXT NOT NULL,
    "grade" "SpotCheckGrade",
    "note" TEXT,
    "graderId" TEXT,
    "gradedAt" TIMESTAMP(3),

    CONSTRAINT "SpotCheckItem_pkey" PRIMARY KEY ("spotCheckId","position")
);

-- CreateTable
CREATE TABLE "DatasetAnalysis" (
    "jobId" TEXT NOT NULL,
    "basis" INTEGER NOT NULL,
    "responses" INTEGER NOT NULL DEFAULT 0,
    "data" JSONB NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetAnalysis_pkey" PRIMARY KEY ("jobId")
);

-- CreateTable
CREATE TABLE "DatasetRelease" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "state" "ReleaseState" NOT NULL DEFAULT 'PENDING',
    "jobIds" TEXT[],
    "threshold" DOUBLE PRECISION NOT NULL,
    "license" TEXT,
    "recordCount" INTEGER NOT NULL DEFAULT 0,
    "excludedCount" INTEGER NOT NULL DEFAULT 0,
    "duplicateCount" INTEGER NOT NULL DEFAULT 0,
    "stats" JSONB,
    "card" TEXT,
    "error" TEXT,
    "buildToken" TEXT,
    "buildUntil" TIMESTAMP(3),
    "buildAttempts" INTEGER NOT NULL DEFAULT 0,
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readyAt" TIMESTAMP(3),

    CONSTRAINT "DatasetRelease_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetReleaseItem" (
    "releaseId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "taskId" TEXT NOT NULL,
    "curationVersion" INTEGER NOT NULL,

    CONSTRAINT "DatasetReleaseItem_pkey" PRIMARY KEY ("releaseId","position")
);

-- CreateTable
CREATE TABLE "DatasetReleaseFile" (
    "releaseId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "byteSize" BIGINT NOT NULL,
    "storedSize" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "DatasetReleaseFile_pkey" PRIMARY KEY ("releaseId","format")
);

-- CreateTable
CREATE TABLE "DatasetReleaseChunk" (
    "releaseId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "DatasetReleaseChunk_pkey" PRIMARY KEY ("releaseId","format","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "GeneratedTaskEdit_taskId_version_key" ON "GeneratedTaskEdit"("taskId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "SpotCheck_number_key" ON "SpotCheck"("number");

-- CreateIndex
CREATE INDEX "SpotCheck_jobId_createdAt_idx" ON "SpotCheck"("jobId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SpotCheckItem_spotCheckId_taskId_key" ON "SpotCheckItem"("spotCheckId", "taskId");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetRelease_number_key" ON "DatasetRelease"("number");

-- CreateIndex
CREATE INDEX "DatasetRelease_createdAt_idx" ON "DatasetRelease"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "DatasetReleaseItem_taskId_idx" ON "DatasetReleaseItem"("taskId");

-- AddForeignKey
ALTER TABLE "GeneratedTask" ADD CONSTRAINT "GeneratedTask_curatedById_fkey" FOREIGN KEY ("curatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GeneratedTaskEdit" ADD CONSTRAINT "GeneratedTaskEdit_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "GeneratedTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GeneratedTaskEdit" ADD CONSTRAINT "GeneratedTaskEdit_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheck" ADD CONSTRAINT "SpotCheck_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "GenerationJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheck" ADD CONSTRAINT "SpotCheck_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheckItem" ADD CONSTRAINT "SpotCheckItem_spotCheckId_fkey" FOREIGN KEY ("spotCheckId") REFERENCES "SpotCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheckItem" ADD CONSTRAINT "SpotCheckItem_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "GeneratedTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheckItem" ADD CONSTRAINT "SpotCheckItem_graderId_fkey" FOREIGN KEY ("graderId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetAnalysis" ADD CONSTRAINT "DatasetAnalysis_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "GenerationJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetRelease" ADD CONSTRAINT "DatasetRelease_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetReleaseItem" ADD CONSTRAINT "DatasetReleaseItem_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "DatasetRelease"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetReleaseFile" ADD CONSTRAINT "DatasetReleaseFile_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "DatasetRelease"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetReleaseChunk" ADD CONSTRAINT "DatasetReleaseChunk_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "DatasetRelease"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: full-text search over the records as curated (an edit's text, else the original), for the
-- dataset browser. Queries must use this exact expression (lib/dataset/records.ts).
CREATE INDEX "GeneratedTask_search_idx" ON "GeneratedTask"
  USING GIN (to_tsvector('english', COALESCE("curatedInstruction", "instruction") || ' ' || COALESCE("curatedInput", "input") || ' ' || COALESCE("curatedOutput", "output", '')));

-- Hand-written: the curated records of a job (edited or excluded), for the Datasets overview's counts
-- without reading every record (lib/dataset/overview.ts).
CREATE INDEX "GeneratedTask_curated_idx" ON "GeneratedTask" ("jobId") WHERE "curationVersion" > 0;
