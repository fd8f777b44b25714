-- CreateTable
CREATE TABLE "MentorDay" (
    "workspaceId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "day" DATETIME NOT NULL,
    "minutes" INTEGER NOT NULL,
    "entries" INTEGER NOT NULL,

    PRIMARY KEY ("workspaceId", "mentorId", "day")
);

-- CreateTable
CREATE TABLE "MentorTopicDay" (
    "workspaceId" TEXT NOT NULL,
    "day" DATETIME NOT NULL,
    "topic" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,

    PRIMARY KEY ("workspaceId", "day", "topic")
);

-- CreateIndex
CREATE INDEX "MentorDay_workspaceId_day_mentorId_minutes_entries_idx" ON "MentorDay"("workspaceId", "day", "mentorId", "minutes", "entries");


-- Backfill from the entries already logged (the same statements as rebuildRollups).
INSERT INTO "MentorDay" ("workspaceId", "mentorId", "day", "minutes", "entries")
SELECT "workspaceId", "mentorId", "occurredOn", SUM("minutes"), COUNT(*) FROM "MentorEntry" GROUP BY "workspaceId", "mentorId", "occurredOn";

INSERT INTO "MentorTopicDay" ("workspaceId", "day", "topic", "minutes")
SELECT "workspaceId", "occurredOn", "topic", SUM("minutes") FROM "MentorTopic" GROUP BY "workspaceId", "occurredOn", "topic";
