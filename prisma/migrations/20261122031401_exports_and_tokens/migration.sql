-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('ALPACARE', 'SELF_INSTRUCT', 'ALPACA', 'JSONL', 'CSV');

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeedExport" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "filter" JSONB NOT NULL,
    "recordCount" INTEGER NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeedExport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeedExportItem" (
    "exportId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "seedId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "SeedExportItem_pkey" PRIMARY KEY ("exportId","position")
);

-- CreateTable
CREATE TABLE "SeedExportChunk" (
    "exportId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "SeedExportChunk_pkey" PRIMARY KEY ("exportId","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SeedExport_number_key" ON "SeedExport"("number");

-- CreateIndex
CREATE INDEX "SeedExport_createdAt_idx" ON "SeedExport"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "SeedExportItem_seedId_idx" ON "SeedExportItem"("seedId");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedExport" ADD CONSTRAINT "SeedExport_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedExportItem" ADD CONSTRAINT "SeedExportItem_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "SeedExport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeedExportChunk" ADD CONSTRAINT "SeedExportChunk_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "SeedExport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
