-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN     "candidateKeyBox" TEXT,
ADD COLUMN     "candidateKeyHint" TEXT,
ADD COLUMN     "judgeKeyBox" TEXT,
ADD COLUMN     "judgeKeyHint" TEXT;

-- CreateTable
CREATE TABLE "JudgePrompt" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "system" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "note" TEXT,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgePrompt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JudgePrompt_version_key" ON "JudgePrompt"("version");
