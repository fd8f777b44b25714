-- Saving a mentoring entry in one statement (src/services/mentoring/entries.ts, writeEntry):
-- a row inserted into the view "MentorEntrySave" is stored by its trigger as the entry, its
-- topics and the day's totals, and, with a draftId, marks that draft saved; all of it or none
-- (one statement). A draft that is gone, someone else's or already saved writes nothing and
-- returns no row. The view itself holds nothing.
CREATE VIEW "MentorEntrySave" AS SELECT
    CAST(NULL AS TEXT) AS "id", CAST(NULL AS TEXT) AS "workspaceId", CAST(NULL AS TEXT) AS "shortId",
    CAST(NULL AS TEXT) AS "mentorId", CAST(NULL AS TIMESTAMP(3)) AS "occurredOn", CAST(NULL AS INTEGER) AS "minutes",
    CAST(NULL AS TEXT) AS "mode", CAST(NULL AS TEXT) AS "menteeEnc", CAST(NULL AS TEXT) AS "notesEnc",
    CAST(NULL AS TEXT) AS "keyId", CAST(NULL AS TEXT) AS "pairId", CAST(NULL AS TIMESTAMP(3)) AS "at",
    CAST(NULL AS TEXT) AS "topics", CAST(NULL AS TEXT) AS "draftId", CAST(NULL AS TEXT) AS "draftPayloadEnc"
WHERE false;

CREATE FUNCTION "MentorEntrySave_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The mentor's lock (rollup.ts, lockMentor), held to the end of the transaction: the day's
    -- total below is recomputed from a view that no other save or edit of theirs is changing.
    PERFORM pg_advisory_xact_lock(hashtextextended('mentor:' || NEW."workspaceId" || ':' || NEW."mentorId", 0));
    IF NEW."draftId" IS NOT NULL THEN
        -- The draft becomes the entry: its content is replaced, and its card answers with the entry.
        UPDATE "MentorDraft" SET "savedAs" = NEW."shortId", "payloadEnc" = NEW."draftPayloadEnc", "keyId" = NEW."keyId"
        WHERE "id" = NEW."draftId" AND "workspaceId" = NEW."workspaceId" AND "mentorId" = NEW."mentorId"
            AND "savedAs" IS NULL;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO "MentorEntry" ("id", "workspaceId", "shortId", "mentorId", "occurredOn", "minutes", "mode",
        "menteeEnc", "notesEnc", "keyId", "pairId", "createdAt", "updatedAt")
    VALUES (NEW."id", NEW."workspaceId", NEW."shortId", NEW."mentorId", NEW."occurredOn", NEW."minutes", NEW."mode",
        NEW."menteeEnc", NEW."notesEnc", NEW."keyId", NEW."pairId", NEW."at", NEW."at");
    INSERT INTO "MentorTopic" ("id", "entryId", "workspaceId", "mentorId", "occurredOn", "topic", "minutes")
    SELECT replace(gen_random_uuid()::text, '-', ''), NEW."id", NEW."workspaceId", NEW."mentorId", NEW."occurredOn",
        t.topic, NEW."minutes"
    FROM json_array_elements_text(NEW."topics"::json) AS t(topic);
    -- The mentor's day, recomputed from its entries (rollup.ts).
    INSERT INTO "MentorDay" ("workspaceId", "mentorId", "day", "minutes", "entries")
    SELECT NEW."workspaceId", NEW."mentorId", NEW."occurredOn", SUM("minutes"), COUNT(*) FROM "MentorEntry"
    WHERE "workspaceId" = NEW."workspaceId" AND "mentorId" = NEW."mentorId" AND "occurredOn" = NEW."occurredOn"
    ON CONFLICT ("workspaceId", "mentorId", "day") DO UPDATE SET "minutes" = EXCLUDED."minutes", "entries" = EXCLUDED."entries";
    -- Each topic's minutes that day, across mentors, adjusted by this entry's.
    INSERT INTO "MentorTopicDay" ("workspaceId", "day", "topic", "minutes")
    SELECT NEW."workspaceId", NEW."occurredOn", t.topic, SUM(NEW."minutes")
    FROM json_array_elements_text(NEW."topics"::json) AS t(topic) GROUP BY t.topic
    ON CONFLICT ("workspaceId", "day", "topic") DO UPDATE SET "minutes" = "MentorTopicDay"."minutes" + EXCLUDED."minutes";
    RETURN NEW;
END
$$;

CREATE TRIGGER "MentorEntrySave_insert" INSTEAD OF INSERT ON "MentorEntrySave"
    FOR EACH ROW EXECUTE FUNCTION "MentorEntrySave_insert"();
