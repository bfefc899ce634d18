-- AlterTable
ALTER TABLE "TestItem" ADD COLUMN     "leakGeneratedScore" DOUBLE PRECISION,
ADD COLUMN     "leakGeneratedText" TEXT,
ADD COLUMN     "leakSeedScore" DOUBLE PRECISION,
ADD COLUMN     "leakSeedText" TEXT;

-- CreateTable
CREATE TABLE "TestSetLeakageCheck" (
    "versionId" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "owner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "checkedAt" TIMESTAMP(3),
    "seeds" INTEGER,
    "records" INTEGER,
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestSetLeakageCheck_pkey" PRIMARY KEY ("versionId")
);

-- AddForeignKey
ALTER TABLE "TestSetLeakageCheck" ADD CONSTRAINT "TestSetLeakageCheck_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TestSetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Versions imported before the check was stored: asked for, so that the workers' sweep checks each once.
INSERT INTO "TestSetLeakageCheck" ("versionId", "requestedAt", "updatedAt")
SELECT "id", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP - INTERVAL '1 day' FROM "TestSetVersion";
