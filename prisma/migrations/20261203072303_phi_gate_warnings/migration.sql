-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN     "phiWarning" TEXT;

-- AlterTable
ALTER TABLE "RatingJob" ADD COLUMN     "phiWarning" TEXT;
