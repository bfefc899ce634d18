-- A seed's note is screened for patient identifiers from now on (it is in MedSeed's JSONL and CSV exports).
-- "phiClearVersion" says an approval found that revision clear; approvals before this did not read the note,
-- so a seed with a note is no longer taken as clear: the next export screens it (its other findings keep
-- their resolutions), and approving it again screens the note.
UPDATE "SeedTask" SET "phiClearVersion" = NULL WHERE "phiClearVersion" IS NOT NULL AND "note" <> '';
