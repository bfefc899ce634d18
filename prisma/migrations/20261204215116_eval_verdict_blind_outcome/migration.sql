-- A clinician's verdict as first recorded, before the judge's was shown: the human-judge agreement counts it,
-- while the verdict itself (outcome) may still change. Existing verdicts have kept no earlier value, so their
-- first verdict is taken to be the one they hold; the column is required once every row has it.

-- AlterTable
ALTER TABLE "EvalHumanVerdict" ADD COLUMN     "blindOutcome" TEXT;

-- Existing verdicts
UPDATE "EvalHumanVerdict" SET "blindOutcome" = "outcome";

ALTER TABLE "EvalHumanVerdict" ALTER COLUMN "blindOutcome" SET NOT NULL;
