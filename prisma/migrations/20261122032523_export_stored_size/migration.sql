-- AlterTable
ALTER TABLE "SeedExport" ADD COLUMN     "storedSize" INTEGER NOT NULL DEFAULT 0;
