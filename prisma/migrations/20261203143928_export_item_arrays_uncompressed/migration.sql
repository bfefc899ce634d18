-- Export performance (issue 18): the item arrays are stored out of line without compression. pglz took about
-- 40 ms of an export's 50,000-seed item list (1.5 MB of ids that barely compress); storage is not modelled by
-- Prisma, so schema.prisma does not change.
ALTER TABLE "SeedExport" ALTER COLUMN "itemSeedIds" SET STORAGE EXTERNAL,
                         ALTER COLUMN "itemVersions" SET STORAGE EXTERNAL;
