-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "intervalWeeks" INTEGER NOT NULL DEFAULT 2,
    "minutes" INTEGER NOT NULL DEFAULT 90,
    "reserveMinutes" INTEGER NOT NULL DEFAULT 20,
    "deadlineHours" INTEGER NOT NULL DEFAULT 48,
    "publishHours" INTEGER NOT NULL DEFAULT 24,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "away" TEXT NOT NULL DEFAULT '[]',
    "served" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'upcoming',
    "facilitatorId" TEXT,
    "recorderId" TEXT,
    "timekeeperId" TEXT,
    "publishedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgendaItem" (
    "id" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "link" TEXT,
    "submitterId" TEXT,
    "submitterHash" TEXT,
    "teacherRaised" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "decision" TEXT,
    "carriedFromId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgendaItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "dueOn" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "roles" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageRef" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorEntry" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "occurredOn" TIMESTAMP(3) NOT NULL,
    "minutes" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "menteeEnc" TEXT NOT NULL,
    "notesEnc" TEXT,
    "keyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentorEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorTopic" (
    "id" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "occurredOn" TIMESTAMP(3) NOT NULL,
    "topic" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,

    CONSTRAINT "MentorTopic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorDraft" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "payloadEnc" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentorDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorNudge" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "MentorNudge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "retryAt" TIMESTAMP(3),
    "lastError" TEXT,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "createdBy" TEXT,
    "sourceKind" TEXT,
    "sourceId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rule" TEXT,
    "timeZone" TEXT NOT NULL,
    "nextAt" TIMESTAMP(3),
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "minutes" INTEGER NOT NULL,
    "timeZone" TEXT NOT NULL,
    "location" TEXT,
    "link" TEXT,
    "channelId" TEXT NOT NULL,
    "capacity" INTEGER,
    "notes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "reminderOffsets" TEXT NOT NULL DEFAULT '1440,60',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "answerSeq" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rsvp" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "checkedInAt" TIMESTAMP(3),
    "markedBy" TEXT,

    CONSTRAINT "Rsvp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_workspaceId_shortId_key" ON "Team"("workspaceId", "shortId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_workspaceId_name_key" ON "Team"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "TeamMember_teamId_userId_key" ON "TeamMember"("teamId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_teamId_seq_key" ON "Meeting"("teamId", "seq");

-- CreateIndex
CREATE INDEX "AgendaItem_meetingId_position_idx" ON "AgendaItem"("meetingId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "AgendaItem_workspaceId_shortId_key" ON "AgendaItem"("workspaceId", "shortId");

-- CreateIndex
CREATE INDEX "ActionItem_teamId_status_idx" ON "ActionItem"("teamId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ActionItem_workspaceId_shortId_key" ON "ActionItem"("workspaceId", "shortId");

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_platform_externalId_key" ON "Workspace"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_workspaceId_userId_key" ON "Member"("workspaceId", "userId");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_createdAt_idx" ON "AuditEvent"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MessageRef_workspaceId_key_key" ON "MessageRef"("workspaceId", "key");

-- CreateIndex
CREATE INDEX "MentorEntry_workspaceId_occurredOn_idx" ON "MentorEntry"("workspaceId", "occurredOn");

-- CreateIndex
CREATE INDEX "MentorEntry_workspaceId_mentorId_occurredOn_idx" ON "MentorEntry"("workspaceId", "mentorId", "occurredOn");

-- CreateIndex
CREATE UNIQUE INDEX "MentorEntry_workspaceId_shortId_key" ON "MentorEntry"("workspaceId", "shortId");

-- CreateIndex
CREATE INDEX "MentorTopic_workspaceId_occurredOn_topic_idx" ON "MentorTopic"("workspaceId", "occurredOn", "topic");

-- CreateIndex
CREATE INDEX "MentorDraft_workspaceId_mentorId_idx" ON "MentorDraft"("workspaceId", "mentorId");

-- CreateIndex
CREATE UNIQUE INDEX "MentorNudge_workspaceId_userId_key" ON "MentorNudge"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_dedupeKey_key" ON "Delivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "Delivery_status_dueAt_idx" ON "Delivery"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Delivery_status_claimedUntil_idx" ON "Delivery"("status", "claimedUntil");

-- CreateIndex
CREATE INDEX "Delivery_sourceKind_sourceId_idx" ON "Delivery"("sourceKind", "sourceId");

-- CreateIndex
CREATE INDEX "Reminder_workspaceId_creatorId_idx" ON "Reminder"("workspaceId", "creatorId");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_workspaceId_shortId_key" ON "Reminder"("workspaceId", "shortId");

-- CreateIndex
CREATE INDEX "Session_workspaceId_startsAt_idx" ON "Session"("workspaceId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Session_workspaceId_shortId_key" ON "Session"("workspaceId", "shortId");

-- CreateIndex
CREATE INDEX "Rsvp_sessionId_answer_seq_idx" ON "Rsvp"("sessionId", "answer", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Rsvp_sessionId_userId_key" ON "Rsvp"("sessionId", "userId");

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgendaItem" ADD CONSTRAINT "AgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorTopic" ADD CONSTRAINT "MentorTopic_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "MentorEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rsvp" ADD CONSTRAINT "Rsvp_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

