-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "minutes" INTEGER NOT NULL,
    "timeZone" TEXT NOT NULL,
    "location" TEXT,
    "link" TEXT,
    "channelId" TEXT NOT NULL,
    "capacity" INTEGER,
    "notes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "cancelReason" TEXT,
    "reminderOffsets" TEXT NOT NULL DEFAULT '1440,60',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "answerSeq" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Session" ("answerSeq", "cancelReason", "capacity", "channelId", "createdAt", "createdBy", "id", "kind", "link", "location", "minutes", "notes", "reminderOffsets", "revision", "shortId", "startsAt", "status", "timeZone", "title", "updatedAt", "workspaceId") SELECT "answerSeq", "cancelReason", "capacity", "channelId", "createdAt", "createdBy", "id", "kind", "link", "location", "minutes", "notes", "reminderOffsets", "revision", "shortId", "startsAt", "status", "timeZone", "title", "updatedAt", "workspaceId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_workspaceId_startsAt_idx" ON "Session"("workspaceId", "startsAt");
CREATE UNIQUE INDEX "Session_workspaceId_shortId_key" ON "Session"("workspaceId", "shortId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

