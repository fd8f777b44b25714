-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "progress" TEXT;

-- CreateTable
CREATE TABLE "DmChannel" (
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DmChannel_pkey" PRIMARY KEY ("workspaceId","userId")
);

