-- Publish quality gate: what the spot checks said at publish time, and the reason given below the threshold.
ALTER TABLE "DatasetRelease" ADD COLUMN "publishQuality" JSONB;
ALTER TABLE "DatasetRelease" ADD COLUMN "lowQualityReason" TEXT;
