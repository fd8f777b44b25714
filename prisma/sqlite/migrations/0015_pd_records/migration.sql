-- AlterTable
ALTER TABLE "Rsvp" ADD COLUMN "checkedOutAt" DATETIME;
ALTER TABLE "Rsvp" ADD COLUMN "creditBy" TEXT;
ALTER TABLE "Rsvp" ADD COLUMN "creditMinutes" INTEGER;

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CertificateRun" (
    "sessionId" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_code_key" ON "Certificate"("code");

-- CreateIndex
CREATE INDEX "Certificate_workspaceId_userId_idx" ON "Certificate"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_sessionId_userId_key" ON "Certificate"("sessionId", "userId");

