-- Authored test items (issue 16) with provenance (issue 15)

-- CreateEnum
CREATE TYPE "TestItemDraftState" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'SENT_BACK', 'REJECTED');

-- AlterTable
ALTER TABLE "TestItem" ADD COLUMN     "adapted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "citation" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "citationUrl" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "draftId" TEXT,
ADD COLUMN     "licence" TEXT NOT NULL DEFAULT 'NOASSERTION',
ADD COLUMN     "sourceKind" TEXT NOT NULL DEFAULT 'UNKNOWN';

-- CreateTable
CREATE TABLE "TestItemDraft" (
    "id" TEXT NOT NULL,
    "testSetId" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "input" TEXT NOT NULL DEFAULT '',
    "reference" TEXT NOT NULL DEFAULT '',
    "difficulty" INTEGER,
    "topic" TEXT NOT NULL DEFAULT '',
    "sourceKind" TEXT NOT NULL DEFAULT 'UNKNOWN',
    "citation" TEXT NOT NULL DEFAULT '',
    "citationUrl" TEXT NOT NULL DEFAULT '',
    "licence" TEXT NOT NULL DEFAULT 'NOASSERTION',
    "adapted" BOOLEAN NOT NULL DEFAULT false,
    "state" "TestItemDraftState" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "authorId" TEXT NOT NULL,
    "updatedById" TEXT NOT NULL,
    "reviewerId" TEXT,
    "reviewComment" TEXT NOT NULL DEFAULT '',
    "reviewedAt" TIMESTAMP(3),
    "frozenVersionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestItemDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestItemDraftRevision" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "instruction" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "difficulty" INTEGER,
    "topic" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "citation" TEXT NOT NULL,
    "citationUrl" TEXT NOT NULL,
    "licence" TEXT NOT NULL,
    "adapted" BOOLEAN NOT NULL,
    "state" "TestItemDraftState" NOT NULL,
    "change" TEXT NOT NULL,
    "editorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestItemDraftRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TestItemDraft_testSetId_state_idx" ON "TestItemDraft"("testSetId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "TestItemDraftRevision_draftId_version_key" ON "TestItemDraftRevision"("draftId", "version");

-- AddForeignKey
ALTER TABLE "TestItemDraft" ADD CONSTRAINT "TestItemDraft_testSetId_fkey" FOREIGN KEY ("testSetId") REFERENCES "TestSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestItemDraftRevision" ADD CONSTRAINT "TestItemDraftRevision_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "TestItemDraft"("id") ON DELETE CASCADE ON UPDATE CASCADE;
