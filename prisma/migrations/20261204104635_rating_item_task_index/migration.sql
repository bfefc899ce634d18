-- A record's rating items across runs. Editing a record looks up the rubric and rater of its latest rating run
-- (lib/dataset/curation.ts: the edited text's score, if that rater rated it, else none), and deleting a record
-- cascades to its rating items: both read every rating item without this index (the only other one that names
-- taskId leads with the run).
CREATE INDEX "RatingItem_taskId_idx" ON "RatingItem"("taskId");
