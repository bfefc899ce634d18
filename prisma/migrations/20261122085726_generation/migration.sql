-- CreateEnum
CREATE TYPE "PromptKind" AS ENUM ('TASK', 'RESPONSE');

-- CreateEnum
CREATE TYPE "GenerationJobState" AS ENUM ('QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "GenerationUnitStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "PromptTemplate" (
    "id" TEXT NOT NULL,
    "kind" "PromptKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "system" TEXT NOT NULL,
    "user" TEXT NOT NULL DEFAULT '',
    "note" TEXT,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromptTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationJob" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "state" "GenerationJobState" NOT NULL DEFAULT 'QUEUED',
    "exportId" TEXT,
    "seedSource" TEXT NOT NULL,
    "seeds" JSONB NOT NULL,
    "settings" JSONB NOT NULL,
    "target" INTEGER NOT NULL,
    "rngSeed" INTEGER NOT NULL,
    "taskPromptId" TEXT NOT NULL,
    "responsePromptId" TEXT NOT NULL,
    "credentialId" TEXT,
    "nextRequestIndex" INTEGER NOT NULL DEFAULT 0,
    "admittedThrough" INTEGER NOT NULL DEFAULT -1,
    "generationDone" BOOLEAN NOT NULL DEFAULT false,
    "keptCount" INTEGER NOT NULL DEFAULT 0,
    "parsedCount" INTEGER NOT NULL DEFAULT 0,
    "discardedCount" INTEGER NOT NULL DEFAULT 0,
    "discardCounts" JSONB NOT NULL DEFAULT '{}',
    "requestsOk" INTEGER NOT NULL DEFAULT 0,
    "requestErrors" INTEGER NOT NULL DEFAULT 0,
    "responsesDone" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" BIGINT NOT NULL DEFAULT 0,
    "completionTokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "failureStreak" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GenerationJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationRequest" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "seedIds" TEXT[],
    "status" "GenerationUnitStatus" NOT NULL DEFAULT 'PENDING',
    "admitted" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" TIMESTAMP(3),
    "leaseToken" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "maxTokens" INTEGER NOT NULL,
    "completion" TEXT,
    "finishReason" TEXT,
    "model" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "costUsd" DOUBLE PRECISION,
    "latencyMs" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "GenerationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GeneratedTask" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "seq" INTEGER,
    "kept" BOOLEAN NOT NULL,
    "reason" TEXT,
    "detail" TEXT,
    "instruction" TEXT NOT NULL,
    "input" TEXT NOT NULL DEFAULT '',
    "taskType" TEXT NOT NULL DEFAULT '',
    "topic" TEXT NOT NULL DEFAULT '',
    "view" TEXT NOT NULL DEFAULT '',
    "difficulty" INTEGER,
    "raw" TEXT NOT NULL,
    "maxRougeL" DOUBLE PRECISION,
    "mostSimilarId" TEXT,
    "mostSimilarText" TEXT,
    "responseStatus" "GenerationUnitStatus",
    "responseAttempts" INTEGER NOT NULL DEFAULT 0,
    "responseNotBefore" TIMESTAMP(3),
    "responseLeaseToken" TEXT,
    "responseLeaseUntil" TIMESTAMP(3),
    "responseMaxTokens" INTEGER,
    "output" TEXT,
    "responseModel" TEXT,
    "responsePromptTokens" INTEGER,
    "responseCompletionTokens" INTEGER,
    "responseCostUsd" DOUBLE PRECISION,
    "responseError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "GeneratedTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationEvent" (
    "id" BIGSERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "GenerationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderCredential" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "baseUrl" TEXT,
    "encryptedKey" TEXT NOT NULL,
    "keyHint" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProviderCredential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PromptTemplate_kind_version_key" ON "PromptTemplate"("kind", "version");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationJob_number_key" ON "GenerationJob"("number");

-- CreateIndex
CREATE INDEX "GenerationJob_state_idx" ON "GenerationJob"("state");

-- CreateIndex
CREATE INDEX "GenerationJob_createdAt_idx" ON "GenerationJob"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "GenerationRequest_jobId_status_notBefore_idx" ON "GenerationRequest"("jobId", "status", "notBefore");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationRequest_jobId_index_key" ON "GenerationRequest"("jobId", "index");

-- CreateIndex
CREATE INDEX "GeneratedTask_jobId_kept_seq_idx" ON "GeneratedTask"("jobId", "kept", "seq");

-- CreateIndex
CREATE INDEX "GeneratedTask_jobId_reason_idx" ON "GeneratedTask"("jobId", "reason");

-- CreateIndex
CREATE INDEX "GeneratedTask_jobId_responseStatus_responseNotBefore_idx" ON "GeneratedTask"("jobId", "responseStatus", "responseNotBefore");

-- CreateIndex
CREATE UNIQUE INDEX "GeneratedTask_requestId_position_key" ON "GeneratedTask"("requestId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "GeneratedTask_jobId_seq_key" ON "GeneratedTask"("jobId", "seq");

-- CreateIndex
CREATE INDEX "GenerationEvent_jobId_id_idx" ON "GenerationEvent"("jobId", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ProviderCredential_name_key" ON "ProviderCredential"("name");

-- AddForeignKey
ALTER TABLE "PromptTemplate" ADD CONSTRAINT "PromptTemplate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "SeedExport"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_taskPromptId_fkey" FOREIGN KEY ("taskPromptId") REFERENCES "PromptTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_responsePromptId_fkey" FOREIGN KEY ("responsePromptId") REFERENCES "PromptTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "ProviderCredential"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationRequest" ADD CONSTRAINT "GenerationRequest_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "GenerationJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GeneratedTask" ADD CONSTRAINT "GeneratedTask_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "GenerationJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GeneratedTask" ADD CONSTRAINT "GeneratedTask_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "GenerationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationEvent" ADD CONSTRAINT "GenerationEvent_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "GenerationJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
