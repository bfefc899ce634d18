-- CreateEnum
CREATE TYPE "SeedStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "VocabularyKind" AS ENUM ('TOPIC', 'VIEW', 'TASK_TYPE');

-- CreateEnum
CREATE TYPE "ViewGroup" AS ENUM ('PATIENT_PUBLIC', 'TRAINEE', 'PROFESSIONAL');

-- CreateTable
CREATE TABLE "SeedTask" (
    "id" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "input" TEXT NOT NULL DEFAULT '',
    "output" TEXT NOT NULL DEFAULT '',
    "topic" TEXT NOT NULL DEFAULT '',
    "view" TEXT NOT NULL DEFAULT '',
    "taskType" TEXT NOT NULL DEFAULT '',
    "difficulty" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "status" "SeedStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "contentHash" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeedTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeedRevision" (
    "id" TEXT NOT NULL,
    "seedId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "instruction" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "view" TEXT NOT NULL,
    "taskType" TEXT NOT NULL,
    "difficulty" INTEGER,
    "note" TEXT NOT NULL,
    "status" "SeedStatus" NOT NULL,
    "change" TEXT NOT NULL,
    "editorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeedRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VocabularyTerm" (
    "id" TEXT NOT NULL,
    "kind" "VocabularyKind" NOT NULL,
    "value" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "viewGroup" "ViewGroup",
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VocabularyTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VocabularyAlias" (
    "id" TEXT NOT NULL,
    "kind" "VocabularyKind" NOT NULL,
    "key" TEXT NOT NULL,
    "termId" TEXT NOT NULL,

    CONSTRAINT "VocabularyAlias_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SeedTask_updatedAt_id_idx" ON "SeedTask"("updatedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "SeedTask_createdAt_id_idx" ON "SeedTask"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "SeedTask_status_updatedAt_idx" ON "SeedTask"("status", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "SeedTask_topic_idx" ON "SeedTask"("topic");

-- CreateIndex
CREATE INDEX "SeedTask_view_idx" ON "SeedTask"("view");

-- CreateIndex
CREATE INDEX "SeedTask_taskType_difficulty_idx" ON "SeedTask"("taskType", "difficulty");

-- CreateIndex
CREATE INDEX "SeedTask_difficulty_idx" ON "SeedTask"("difficulty");

-- CreateIndex
CREATE INDEX "SeedTask_authorId_updatedAt_idx" ON "SeedTask"("authorId", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "SeedTask_contentHash_idx" ON "SeedTask"("contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "SeedRevision_seedId_version_key" ON "SeedRevision"("seedId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "VocabularyTerm_kind_key_key" ON "VocabularyTerm"("kind", "key");

-- CreateIndex
CREATE UNIQUE INDEX "VocabularyAlias_kind_key_key" ON "VocabularyAlias"("kind", "key");

-- AddForeignKey
ALTER TABLE "SeedTask" ADD CONSTRAINT "SeedTask_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedRevision" ADD CONSTRAINT "SeedRevision_seedId_fkey" FOREIGN KEY ("seedId") REFERENCES "SeedTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedRevision" ADD CONSTRAINT "SeedRevision_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VocabularyAlias" ADD CONSTRAINT "VocabularyAlias_termId_fkey" FOREIGN KEY ("termId") REFERENCES "VocabularyTerm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: full-text search over instruction, input and reference output (the seed list's search).
-- lib/seeds/list.ts queries with the same expression so the planner uses this index.
CREATE INDEX "SeedTask_search_idx" ON "SeedTask"
  USING GIN (to_tsvector('english', "instruction" || ' ' || "input" || ' ' || "output"));

-- Hand-written: difficulty is 1 to 5 when set.
ALTER TABLE "SeedTask" ADD CONSTRAINT "SeedTask_difficulty_range" CHECK ("difficulty" BETWEEN 1 AND 5);

-- Hand-written: the 10 canonical task types of AlpaCare's prompt (rule 4) are built in.
INSERT INTO "VocabularyTerm" ("id", "kind", "value", "key", "builtIn") VALUES
  ('builtin_type_text_generation', 'TASK_TYPE', 'Text generation', 'text generation', true),
  ('builtin_type_open_qa', 'TASK_TYPE', 'Open Q&A', 'open q&a', true),
  ('builtin_type_chat', 'TASK_TYPE', 'Chat', 'chat', true),
  ('builtin_type_rewrite', 'TASK_TYPE', 'Rewrite', 'rewrite', true),
  ('builtin_type_summarization', 'TASK_TYPE', 'Summarization', 'summarization', true),
  ('builtin_type_classification', 'TASK_TYPE', 'Classification', 'classification', true),
  ('builtin_type_usmle_qa', 'TASK_TYPE', 'USMLE style Q&A', 'usmle style q&a', true),
  ('builtin_type_mc_qa', 'TASK_TYPE', 'Multiple-choice Q&A', 'multiple-choice q&a', true),
  ('builtin_type_single_hop', 'TASK_TYPE', 'Single-hop reasoning', 'single-hop reasoning', true),
  ('builtin_type_multi_hop', 'TASK_TYPE', 'Multiple-hop reasoning', 'multiple-hop reasoning', true);
