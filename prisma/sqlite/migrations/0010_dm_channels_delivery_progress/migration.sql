-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "progress" TEXT;

-- CreateTable
CREATE TABLE "DmChannel" (
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("workspaceId", "userId")
);

