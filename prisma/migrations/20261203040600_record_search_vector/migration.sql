-- Hand-written (issue 18, the record browser at a million records): the full-text search vector of the text
-- as curated, stored by the database (the same expression as "GeneratedTask_search_idx", which it replaces).
-- The browser pages job by job along "GeneratedTask_jobId_kept_seq_idx" and checks each record against the
-- search; with the vector computed per row that check parsed every text again, and a search matching many
-- records took seconds (EXPLAIN over the bench's fixture: 7 s for a search matching most records); stored, the
-- check is a lookup, and the GIN index still serves rare words.
ALTER TABLE "GeneratedTask"
  ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
    to_tsvector('english', COALESCE("curatedInstruction", "instruction") || ' ' || COALESCE("curatedInput", "input") || ' ' || COALESCE("curatedOutput", "output", ''))) STORED;
DROP INDEX "GeneratedTask_search_idx";
CREATE INDEX "GeneratedTask_searchVector_idx" ON "GeneratedTask" USING GIN ("searchVector");
