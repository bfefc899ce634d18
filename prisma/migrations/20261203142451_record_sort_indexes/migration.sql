-- Issue 18, the record browser's sorts across jobs (lib/dataset/records.ts), on the bench's fixture of 1,000,000
-- records in 20 jobs. The sorts by ROUGE-L, length and rating broke ties by job number, then id: no index on the
-- record carries the job number, so every tie was read and sorted (the fixture's 857,000 kept records all have
-- 11-word instructions: 1.5 s a page, "sort length asc" in the bench; ROUGE-L 1.3 to 1.8 s). Ties now go by id,
-- and each sort column is indexed with the id after it (the state columns last, as before, for the filters'
-- capped counts): a page is an index walk that seeks to the cursor by a row comparison.
--   sort length asc, next page after (11, id): Index Only Scan, Index Cond ROW("instructionWords", id) > ..., 0.07 ms
--   sort ROUGE-L desc, first page: Index Scan Backward (scored, then NULL scores as a second segment), 1.4 ms
--   ROUGE-L range 0.5..0.6, capped count: Index Only Scan, 2.6 ms (as with the index it replaces)
-- DropIndex
DROP INDEX "GeneratedTask_inputWords_kept_excluded_idx";

-- DropIndex
DROP INDEX "GeneratedTask_instructionWords_kept_excluded_idx";

-- DropIndex
DROP INDEX "GeneratedTask_maxRougeL_kept_excluded_idx";

-- DropIndex
DROP INDEX "GeneratedTask_outputWords_kept_excluded_idx";

-- CreateIndex
CREATE INDEX "GeneratedTask_instructionWords_id_kept_excluded_idx" ON "GeneratedTask"("instructionWords", "id", "kept", "excluded");

-- CreateIndex
CREATE INDEX "GeneratedTask_inputWords_id_kept_excluded_idx" ON "GeneratedTask"("inputWords", "id", "kept", "excluded");

-- CreateIndex
CREATE INDEX "GeneratedTask_outputWords_id_kept_excluded_idx" ON "GeneratedTask"("outputWords", "id", "kept", "excluded");

-- CreateIndex
CREATE INDEX "GeneratedTask_maxRougeL_id_kept_excluded_idx" ON "GeneratedTask"("maxRougeL", "id", "kept", "excluded");

-- CreateIndex
CREATE INDEX "GeneratedTask_qualityScore_id_kept_excluded_idx" ON "GeneratedTask"("qualityScore", "id", "kept", "excluded");
