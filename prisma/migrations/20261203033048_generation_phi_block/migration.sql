-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN     "phiBlock" JSONB;
