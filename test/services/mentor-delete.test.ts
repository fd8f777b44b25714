// /mentor delete of an id that is not the asker's, on SQLite and PostgreSQL: someone else's entry
// is answered word for word as an id that does not exist, with a delete example that works and
// where to find one's own ids, and nothing is deleted.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe.each(PROVIDERS)("/mentor delete of an id that is not yours [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z", app: { rateLimit: false } });
    con = new ConsoleDriver(app);
  });
  afterEach(() => app.stop());

  it("answers someone else's entry exactly as a missing one, with a delete example, and deletes nothing", async () => {
    await con.as("mia", "dm", '/mentor log duration:45m mentee:"J.R." topics:planning');
    const row = await app.deps.db.mentorEntry.findFirstOrThrow({ where: { mentorId: "mia" } });
    const missing = row.shortId === "ZZZZ" ? "YYYY" : "ZZZZ";

    const [theirs] = await con.as("eve", "dm", `/mentor delete id:${row.shortId}`);
    const [none] = await con.as("eve", "dm", `/mentor delete id:${missing}`);
    expect(theirs!.kind).not.toBe("post");
    expect(theirs!.reply.tone).toBe("error");
    expect(theirs!.text.replaceAll(row.shortId, "ID")).toBe(none!.text.replaceAll(missing, "ID"));
    expect(theirs!.text).toContain(`You have no mentoring entry ${row.shortId}`);
    expect(theirs!.text).toContain("/mentor entries");
    expect(theirs!.text).toContain("`/mentor delete id:K7M2`");
    expect(theirs!.text).not.toContain("/mentor edit");
    expect(await app.deps.db.mentorEntry.count({ where: { id: row.id } })).toBe(1);
  });

  it("the example it gives works: the owner deletes with it, and a repeat answers as missing", async () => {
    await con.as("mia", "dm", '/mentor log duration:45m mentee:"J.R." topics:planning');
    const row = await app.deps.db.mentorEntry.findFirstOrThrow({ where: { mentorId: "mia" } });
    const [gone] = await con.as("mia", "dm", `/mentor delete id:${row.shortId}`);
    expect(gone!.text).toContain(`Deleted ${row.shortId}`);
    const [again] = await con.as("mia", "dm", `/mentor delete id:${row.shortId}`);
    expect(again!.text).toContain(`You have no mentoring entry ${row.shortId}`);
    expect(again!.text).toContain("`/mentor delete id:K7M2`");
    expect(await app.deps.db.mentorEntry.count()).toBe(0);
  });
});
