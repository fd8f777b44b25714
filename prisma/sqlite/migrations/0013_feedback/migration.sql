-- CreateTable
CREATE TABLE "AnswerFlag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "answeredOn" TEXT
);

-- CreateTable
CREATE TABLE "FeedbackAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "willUse" TEXT,
    "better" TEXT
);

-- CreateTable
CREATE TABLE "ImpactAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "example" TEXT
);

-- CreateIndex
CREATE INDEX "AnswerFlag_userId_idx" ON "AnswerFlag"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "AnswerFlag_sessionId_userId_kind_key" ON "AnswerFlag"("sessionId", "userId", "kind");

-- CreateIndex
CREATE INDEX "FeedbackAnswer_sessionId_idx" ON "FeedbackAnswer"("sessionId");

-- CreateIndex
CREATE INDEX "ImpactAnswer_sessionId_idx" ON "ImpactAnswer"("sessionId");

