-- AlterTable
ALTER TABLE "Rsvp" ADD COLUMN     "checkedOutAt" TIMESTAMP(3),
ADD COLUMN     "creditBy" TEXT,
ADD COLUMN     "creditMinutes" INTEGER;

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CertificateRun" (
    "sessionId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateRun_pkey" PRIMARY KEY ("sessionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_code_key" ON "Certificate"("code");

-- CreateIndex
CREATE INDEX "Certificate_workspaceId_userId_idx" ON "Certificate"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_sessionId_userId_key" ON "Certificate"("sessionId", "userId");

