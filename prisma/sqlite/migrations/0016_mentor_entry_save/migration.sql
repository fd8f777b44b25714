-- Saving a mentoring entry in one statement (src/services/mentoring/entries.ts, writeEntry):
-- a row inserted into the view "MentorEntrySave" is stored by its trigger as the entry, its
-- topics and the day's totals, and, with a draftId, marks that draft saved; all of it or none
-- (one statement). A draft that is gone, someone else's or already saved writes nothing and
-- returns no row. The view itself holds nothing.
CREATE VIEW "MentorEntrySave" AS SELECT
    NULL AS "id", NULL AS "workspaceId", NULL AS "shortId", NULL AS "mentorId", NULL AS "occurredOn",
    NULL AS "minutes", NULL AS "mode", NULL AS "menteeEnc", NULL AS "notesEnc", NULL AS "keyId",
    NULL AS "pairId", NULL AS "at", NULL AS "topics", NULL AS "draftId", NULL AS "draftPayloadEnc"
WHERE 0;

CREATE TRIGGER "MentorEntrySave_insert" INSTEAD OF INSERT ON "MentorEntrySave"
BEGIN
    SELECT RAISE(IGNORE) WHERE NEW."draftId" IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM "MentorDraft" WHERE "id" = NEW."draftId" AND "workspaceId" = NEW."workspaceId"
            AND "mentorId" = NEW."mentorId" AND "savedAs" IS NULL);
    -- The draft becomes the entry: its content is replaced, and its card answers with the entry.
    UPDATE "MentorDraft" SET "savedAs" = NEW."shortId", "payloadEnc" = NEW."draftPayloadEnc", "keyId" = NEW."keyId"
    WHERE "id" = NEW."draftId";
    INSERT INTO "MentorEntry" ("id", "workspaceId", "shortId", "mentorId", "occurredOn", "minutes", "mode",
        "menteeEnc", "notesEnc", "keyId", "pairId", "createdAt", "updatedAt")
    VALUES (NEW."id", NEW."workspaceId", NEW."shortId", NEW."mentorId", NEW."occurredOn", NEW."minutes", NEW."mode",
        NEW."menteeEnc", NEW."notesEnc", NEW."keyId", NEW."pairId", NEW."at", NEW."at");
    INSERT INTO "MentorTopic" ("id", "entryId", "workspaceId", "mentorId", "occurredOn", "topic", "minutes")
    SELECT lower(hex(randomblob(16))), NEW."id", NEW."workspaceId", NEW."mentorId", NEW."occurredOn", t."value", NEW."minutes"
    FROM json_each(NEW."topics") t;
    -- The mentor's day, recomputed from its entries (rollup.ts).
    INSERT INTO "MentorDay" ("workspaceId", "mentorId", "day", "minutes", "entries")
    SELECT NEW."workspaceId", NEW."mentorId", NEW."occurredOn", SUM("minutes"), COUNT(*) FROM "MentorEntry"
    WHERE "workspaceId" = NEW."workspaceId" AND "mentorId" = NEW."mentorId" AND "occurredOn" = NEW."occurredOn"
    ON CONFLICT ("workspaceId", "mentorId", "day") DO UPDATE SET "minutes" = excluded."minutes", "entries" = excluded."entries";
    -- Each topic's minutes that day, across mentors, adjusted by this entry's.
    INSERT INTO "MentorTopicDay" ("workspaceId", "day", "topic", "minutes")
    SELECT NEW."workspaceId", NEW."occurredOn", t."value", SUM(NEW."minutes") FROM json_each(NEW."topics") t
    WHERE true GROUP BY t."value"
    ON CONFLICT ("workspaceId", "day", "topic") DO UPDATE SET "minutes" = "minutes" + excluded."minutes";
END;
