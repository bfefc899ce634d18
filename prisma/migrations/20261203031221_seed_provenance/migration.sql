-- Provenance and licence (issue 15). Existing tasks and revisions get UNKNOWN / NOASSERTION: nobody has said
-- where they came from, and guessing "own clinical experience" would let an imported CC BY-NC seed set pass
-- as in-house text into a release.

-- AlterTable
ALTER TABLE "SeedTask" ADD COLUMN     "adapted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "citation" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "citationUrl" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "licence" TEXT NOT NULL DEFAULT 'NOASSERTION',
ADD COLUMN     "sourceKind" TEXT NOT NULL DEFAULT 'UNKNOWN';

-- AlterTable
ALTER TABLE "SeedRevision" ADD COLUMN     "adapted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "citation" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "citationUrl" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "licence" TEXT NOT NULL DEFAULT 'NOASSERTION',
ADD COLUMN     "sourceKind" TEXT NOT NULL DEFAULT 'UNKNOWN';

-- AlterTable
ALTER TABLE "DatasetRelease" ADD COLUMN     "nonCommercial" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sources" JSONB;

-- CreateIndex
CREATE INDEX "SeedTask_sourceKind_idx" ON "SeedTask"("sourceKind");

-- CreateIndex
CREATE INDEX "SeedTask_licence_idx" ON "SeedTask"("licence");
