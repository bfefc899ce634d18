-- CreateEnum
CREATE TYPE "PhiDecision" AS ENUM ('NOT_PHI', 'ACCEPTED');

-- CreateTable
CREATE TABLE "PhiResolution" (
    "id" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "decision" "PhiDecision" NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhiResolution_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PhiResolution_targetId_idx" ON "PhiResolution"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "PhiResolution_targetType_targetId_field_category_text_key" ON "PhiResolution"("targetType", "targetId", "field", "category", "text");

-- AddForeignKey
ALTER TABLE "PhiResolution" ADD CONSTRAINT "PhiResolution_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
