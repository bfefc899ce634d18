-- Hand-written (issue 18, full-text search inside one job at a million records). The search's GIN index also
-- carries the job (btree_gin), so a search in one job intersects the job's entries and the word's inside the
-- index. With the word's index and the job's btree ANDed as bitmaps, a common word ("insulin", in 674,000 of
-- the bench fixture's million records) read its whole posting list first: the capped count of a search in a
-- job took 150-250 ms. EXPLAIN ANALYZE over the fixture, count capped at 10,001:
--   before: BitmapAnd (GeneratedTask_jobId_reason_idx 50,000 rows, GeneratedTask_searchVector_idx 674,816
--           rows: 137 ms) -> Bitmap Heap Scan, 251 ms
--   after:  Bitmap Index Scan on this index (28,804 rows, 7 ms) -> Bitmap Heap Scan, 18 ms (63 ms cold)
-- A rare word in a job: 0.8 ms. A GIN index over several columns also serves a search on the vector alone
-- (across jobs), so it replaces the vector's own index; the planner's choice there is unchanged (a common
-- word's capped count reads the table in order: 90 ms either way).
-- The predicate holds for every row (the vector is never NULL) and for every search (@@ is strict): it is
-- there because Prisma's schema cannot declare a GIN over a text column, and its diff leaves partial indexes
-- alone (schema.prisma names this index in a comment).
-- btree_gin is a trusted extension (PostgreSQL 13+): the database's owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX "GeneratedTask_searchVector_idx";
CREATE INDEX "GeneratedTask_jobId_searchVector_idx" ON "GeneratedTask" USING GIN ("jobId", "searchVector")
  WHERE "searchVector" IS NOT NULL;
