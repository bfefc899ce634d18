-- CreateEnum
CREATE TYPE "EvalRunState" AS ENUM ('QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "EvalCallStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE');

-- CreateTable
CREATE TABLE "TestSet" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestSetVersion" (
    "id" TEXT NOT NULL,
    "testSetId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "frozen" BOOLEAN NOT NULL DEFAULT false,
    "frozenAt" TIMESTAMP(3),
    "sourceFile" TEXT,
    "shape" TEXT,
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestSetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestItem" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "externalId" TEXT,
    "instruction" TEXT NOT NULL,
    "input" TEXT NOT NULL DEFAULT '',
    "difficulty" INTEGER,
    "topic" TEXT,
    "view" TEXT,
    "taskType" TEXT,

    CONSTRAINT "TestItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestItemReference" (
    "itemId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "answer" TEXT NOT NULL,

    CONSTRAINT "TestItemReference_pkey" PRIMARY KEY ("itemId","model")
);

-- CreateTable
CREATE TABLE "EvalRun" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "versionId" TEXT NOT NULL,
    "state" "EvalRunState" NOT NULL DEFAULT 'QUEUED',
    "referenceModel" TEXT NOT NULL,
    "candidateSource" TEXT NOT NULL,
    "candidateModel" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "candidateKey" TEXT NOT NULL,
    "judgeModel" TEXT NOT NULL,
    "judgePromptVersion" INTEGER NOT NULL,
    "judgeTemplate" JSONB NOT NULL,
    "unmatched" JSONB NOT NULL DEFAULT '[]',
    "items" INTEGER NOT NULL,
    "estimateUsd" DOUBLE PRECISION,
    "budgetUsd" DOUBLE PRECISION,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "callsMade" INTEGER NOT NULL DEFAULT 0,
    "cacheHits" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "error" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvalRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalCall" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "order" TEXT,
    "status" "EvalCallStatus" NOT NULL DEFAULT 'PENDING',
    "leaseUntil" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "request" JSONB,
    "raw" JSONB NOT NULL DEFAULT '[]',
    "output" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "EvalCall_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "EvalHumanVerdict" (
    "runId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvalHumanVerdict_pkey" PRIMARY KEY ("runId","itemId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "TestSet_name_key" ON "TestSet"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TestSetVersion_testSetId_number_key" ON "TestSetVersion"("testSetId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "TestItem_versionId_position_key" ON "TestItem"("versionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "EvalRun_number_key" ON "EvalRun"("number");

-- CreateIndex
CREATE INDEX "EvalRun_versionId_idx" ON "EvalRun"("versionId");

-- CreateIndex
CREATE INDEX "EvalRun_state_idx" ON "EvalRun"("state");

-- CreateIndex
CREATE INDEX "EvalCall_itemId_idx" ON "EvalCall"("itemId");

-- AddForeignKey
ALTER TABLE "TestSetVersion" ADD CONSTRAINT "TestSetVersion_testSetId_fkey" FOREIGN KEY ("testSetId") REFERENCES "TestSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestItem" ADD CONSTRAINT "TestItem_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TestSetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestItemReference" ADD CONSTRAINT "TestItemReference_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "TestItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalRun" ADD CONSTRAINT "EvalRun_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TestSetVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalHumanVerdict" ADD CONSTRAINT "EvalHumanVerdict_runId_fkey" FOREIGN KEY ("runId") REFERENCES "EvalRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
