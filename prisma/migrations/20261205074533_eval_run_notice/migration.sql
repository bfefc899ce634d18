-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN     "notice" TEXT,
ADD COLUMN     "noticeAt" TIMESTAMP(3);
