-- Export item lists (issue 18): from one SeedExportItem row per seed to two arrays on the export, in file order.
-- Writing 50,000 item rows inside the export's transaction cost 0.65-0.7 s of database CPU (foreign key check,
-- seedId index): more than the whole COPY of the same rows. Existing exports' items move into the arrays (in
-- order of position) before the table goes, so no export loses its list.

-- AlterTable
ALTER TABLE "SeedExport" ADD COLUMN     "itemSeedIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "itemVersions" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- Move the data
UPDATE "SeedExport" e
   SET "itemSeedIds" = i."seedIds", "itemVersions" = i."versions"
  FROM (SELECT "exportId", array_agg("seedId" ORDER BY "position") AS "seedIds",
               array_agg("version" ORDER BY "position") AS "versions"
          FROM "SeedExportItem"
         GROUP BY "exportId") i
 WHERE i."exportId" = e."id";

-- DropForeignKey
ALTER TABLE "SeedExportItem" DROP CONSTRAINT "SeedExportItem_exportId_fkey";

-- DropTable
DROP TABLE "SeedExportItem";
