-- A clinician's verdict as first recorded, before the judge's was shown: the human-judge agreement counts it,
-- while the verdict itself (outcome) may still change. For existing verdicts the first is read from the audit
-- log (each verdict recorded is an "evaluation.judge" event, in order); a verdict without one keeps the value
-- it holds. The column is required once every row has it.

-- AlterTable
ALTER TABLE "EvalHumanVerdict" ADD COLUMN     "blindOutcome" TEXT;

-- Existing verdicts: the earliest audited one for the same run, item and clinician
UPDATE "EvalHumanVerdict" v
   SET "blindOutcome" = first.outcome
  FROM (SELECT DISTINCT ON ("actorId", "targetId", "after"->>'itemId')
               "actorId", "targetId" AS "runId", "after"->>'itemId' AS "itemId", "after"->>'outcome' AS outcome
          FROM "AuditEvent"
         WHERE "action" = 'evaluation.judge' AND "targetType" = 'EvalRun'
         ORDER BY "actorId", "targetId", "after"->>'itemId', "id") first
 WHERE first."actorId" = v."userId" AND first."runId" = v."runId" AND first."itemId" = v."itemId"
   AND first.outcome IN ('candidate', 'reference', 'tie');

UPDATE "EvalHumanVerdict" SET "blindOutcome" = "outcome" WHERE "blindOutcome" IS NULL;

ALTER TABLE "EvalHumanVerdict" ALTER COLUMN "blindOutcome" SET NOT NULL;
