-- AlterTable
ALTER TABLE "SeedTask" ADD COLUMN     "phiClearVersion" INTEGER;
