-- CreateEnum
CREATE TYPE "SeedImportState" AS ENUM ('QUEUED', 'ANALYSING', 'READY', 'COMMITTING', 'COMMITTED', 'FAILED');

-- CreateTable
CREATE TABLE "SeedImportJob" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" "SeedStatus" NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "state" "SeedImportState" NOT NULL DEFAULT 'QUEUED',
    "phase" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "error" TEXT,
    "leaseToken" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeedImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeedImportChunk" (
    "jobId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "SeedImportChunk_pkey" PRIMARY KEY ("jobId","seq")
);

-- CreateIndex
CREATE INDEX "SeedImportJob_ownerId_createdAt_idx" ON "SeedImportJob"("ownerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "SeedImportJob_state_idx" ON "SeedImportJob"("state");

-- CreateIndex
CREATE INDEX "SeedImportJob_expiresAt_idx" ON "SeedImportJob"("expiresAt");

-- AddForeignKey
ALTER TABLE "SeedImportJob" ADD CONSTRAINT "SeedImportJob_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedImportChunk" ADD CONSTRAINT "SeedImportChunk_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "SeedImportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
