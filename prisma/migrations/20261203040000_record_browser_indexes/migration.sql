-- Hand-written (issue 18, the record browser at a million records; figures from EXPLAIN ANALYZE on the bench's
-- fixture of 1,000,000 records in 20 jobs, 2-core machine under load).
--
-- The browser counts the matches (up to 10,001, lib/dataset/records.ts) and pages job by job through
-- "GeneratedTask_jobId_kept_seq_idx". Each filter it offers gets an index that leads with the filtered column
-- and carries the state columns, so the count is an Index Only Scan that stops at the cap:
--   count of topic = 'Cardiology' AND kept AND NOT excluded (71,000 matches), capped:
--     no index: Seq Scan reading 120,000 rows, 374 ms; index on (topic) alone: Bitmap Heap Scan, 264 ms;
--     index on (topic, kept, excluded): Index Only Scan, 1.7 ms.
-- The word-count indexes of 20261203033500_record_word_counts become the same shape.
DROP INDEX "GeneratedTask_instructionWords_idx";
DROP INDEX "GeneratedTask_inputWords_idx";
DROP INDEX "GeneratedTask_outputWords_idx";
CREATE INDEX "GeneratedTask_instructionWords_kept_excluded_idx" ON "GeneratedTask"("instructionWords", "kept", "excluded");
CREATE INDEX "GeneratedTask_inputWords_kept_excluded_idx" ON "GeneratedTask"("inputWords", "kept", "excluded");
CREATE INDEX "GeneratedTask_outputWords_kept_excluded_idx" ON "GeneratedTask"("outputWords", "kept", "excluded");
CREATE INDEX "GeneratedTask_taskType_kept_excluded_idx" ON "GeneratedTask"("taskType", "kept", "excluded");
CREATE INDEX "GeneratedTask_topic_kept_excluded_idx" ON "GeneratedTask"("topic", "kept", "excluded");
CREATE INDEX "GeneratedTask_view_kept_excluded_idx" ON "GeneratedTask"("view", "kept", "excluded");
CREATE INDEX "GeneratedTask_difficulty_kept_excluded_idx" ON "GeneratedTask"("difficulty", "kept", "excluded");
-- Also the order of the ROUGE-L sort (read from the index, ties sorted in small groups).
CREATE INDEX "GeneratedTask_maxRougeL_kept_excluded_idx" ON "GeneratedTask"("maxRougeL", "kept", "excluded");
CREATE INDEX "GeneratedTask_reason_kept_excluded_idx" ON "GeneratedTask"("reason", "kept", "excluded");

-- Hand-written: the excluded records by job in seq order. Few (a reviewer's exclusions), so "excluded" found
-- no index and a count of none read all 1,000,000 records (Seq Scan, 2.1 s); with this one: 0.02 ms.
CREATE INDEX "GeneratedTask_excluded_idx" ON "GeneratedTask" ("jobId", "seq") WHERE "excluded";
