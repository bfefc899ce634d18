-- Vocabulary proposals: a new topic or view typed by an author waits for an admin. Existing values are accepted.
CREATE TYPE "VocabularyTermStatus" AS ENUM ('ACCEPTED', 'PROPOSED', 'REJECTED');

ALTER TABLE "VocabularyTerm" ADD COLUMN "status" "VocabularyTermStatus" NOT NULL DEFAULT 'ACCEPTED';
ALTER TABLE "VocabularyTerm" ADD COLUMN "reviewNote" TEXT;

CREATE TABLE "VocabularyProposer" (
    "termId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VocabularyProposer_pkey" PRIMARY KEY ("termId","userId")
);

CREATE INDEX "VocabularyProposer_userId_idx" ON "VocabularyProposer"("userId");

ALTER TABLE "VocabularyProposer" ADD CONSTRAINT "VocabularyProposer_termId_fkey" FOREIGN KEY ("termId") REFERENCES "VocabularyTerm"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "VocabularyProposer" ADD CONSTRAINT "VocabularyProposer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
