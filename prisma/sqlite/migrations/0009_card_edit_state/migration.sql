-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MessageRef" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "editSeq" INTEGER NOT NULL DEFAULT 0,
    "editedSeq" INTEGER NOT NULL DEFAULT 0,
    "editClaimedBy" TEXT,
    "editClaimedUntil" DATETIME,
    "editRetryAt" DATETIME,
    "editAttempts" INTEGER NOT NULL DEFAULT 0,
    "editError" TEXT
);
INSERT INTO "new_MessageRef" ("channelId", "createdAt", "id", "key", "messageId", "updatedAt", "workspaceId") SELECT "channelId", "createdAt", "id", "key", "messageId", "updatedAt", "workspaceId" FROM "MessageRef";
DROP TABLE "MessageRef";
ALTER TABLE "new_MessageRef" RENAME TO "MessageRef";
CREATE UNIQUE INDEX "MessageRef_workspaceId_key_key" ON "MessageRef"("workspaceId", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

