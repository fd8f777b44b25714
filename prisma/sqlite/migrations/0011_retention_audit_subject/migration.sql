-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "subjectId" TEXT;

-- AlterTable
ALTER TABLE "MentorEntry" ADD COLUMN "contentRemovedAt" DATETIME;

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_subjectId_idx" ON "AuditEvent"("workspaceId", "subjectId");

