// Mentoring pairs on SQLite and PostgreSQL: coordinators pair and unpair people with dates,
// refuse what cannot be a pair, answer a repeat with the pair that exists, and each person
// sees the pairs they may: coordinators all, a mentor or a mentee their own. A mentee typed by
// name is encrypted and shown to the mentor alone; no mentee is ever named in a channel.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { everyText } from "../support/every-text.js";
import type { Posted } from "../../src/platforms/console/session.js";

const TYPED = "Rosalind Achebe";

/** What `user` got in their DM with cadre. */
const dmOf = (posts: Posted[], user: string) => posts.filter((p) => p.kind === "dm" && p.userId === user);

describe.each(PROVIDERS)("mentoring pairs [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    // Monday 2 November 2026, 10:00 in New York; the school year starts in July.
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z", app: { rateLimit: false } });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@coord role:coordinator");
  });
  afterEach(() => app.stop());

  it("pairs with dates (a month and day read inside the school year), tells both people, and audits without the mentee", async () => {
    const out = await con.as("coord", "general", '/mentor pair mentor:@mia mentee:@kai from:"Aug 15" to:"Jun 12"');
    expect(out[0]!.kind).toBe("private");
    expect(out[0]!.text).not.toContain("kai");
    expect(dmOf(out, "coord")[0]!.text).toMatch(/Paired: `[A-Z0-9]{4}` @mia mentors @kai · 2026-08-15 to 2027-06-12/);
    expect(dmOf(out, "mia")[0]!.text).toContain("You are paired with @kai");
    expect(dmOf(out, "kai")[0]!.text).toContain("@mia is your mentor (2026-08-15 to 2027-06-12)");
    const row = await app.deps.db.mentorPair.findFirstOrThrow();
    expect(row.startsOn.toISOString()).toBe("2026-08-15T00:00:00.000Z");
    expect(row.endsOn!.toISOString()).toBe("2027-06-12T00:00:00.000Z");
    const events = await app.deps.db.auditEvent.findMany({ where: { action: "mentor.pair" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.subjectId).toBe("mia");
    expect(events[0]!.detail).toBe(JSON.stringify({ pair: row.shortId }));
  });

  it("answers a repeat (or an overlapping period) with the pair that exists, and saves nothing new", async () => {
    await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@kai from:2026-08-15");
    const [again] = await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@kai from:2026-09-01 to:2026-12-01");
    expect(again!.text).toMatch(
      /@mia already mentors @kai \(from 2026-08-15, open-ended\) as pair `[A-Z0-9]{4}`; nothing was changed/,
    );
    expect(await app.deps.db.mentorPair.count()).toBe(1);
    expect(await app.deps.db.auditEvent.count({ where: { action: "mentor.pair" } })).toBe(1);
  });

  it("refuses a pair with oneself, one ending before it starts, @everyone, and pairing by a member, saving nothing", async () => {
    const [self] = await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@mia");
    expect(self!.text).toContain("A mentor cannot be their own mentee");
    const [back] = await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@kai from:2026-12-01 to:2026-11-01");
    expect(back!.text).toContain("The pair would end (2026-11-01) before it starts (2026-12-01). Nothing was saved.");
    expect(back!.text).toContain("Example: `/mentor pair mentor:@maria mentee:@jordan");
    const [all] = await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@everyone");
    expect(all!.text).toContain("@everyone is not one person");
    const [impossible] = await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@kai from:2026-02-30");
    expect(impossible!.text).toContain("February");
    const [member] = await con.as("zed", "dm", "/mentor pair mentor:@mia mentee:@kai");
    expect(member!.text).toContain("Only coordinators and admins pair people");
    expect(await app.deps.db.mentorPair.count()).toBe(0);
  });

  it("unpairs today or on a day, twice safely, and refuses a last day before the start", async () => {
    await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@kai from:2026-08-15");
    const id = (await app.deps.db.mentorPair.findFirstOrThrow()).shortId;
    const [early] = await con.as("coord", "dm", `/mentor unpair id:${id} on:2026-08-01`);
    expect(early!.text).toContain(`Pair ${id} starts on 2026-08-15, so it cannot end on 2026-08-01`);
    const [ended] = await con.as("coord", "dm", `/mentor unpair id:${id.toLowerCase()} on:2026-12-18`);
    expect(ended!.text).toContain(`Ended: \`${id}\` @mia mentors @kai · 2026-08-15 to 2026-12-18`);
    const [twice] = await con.as("coord", "dm", "/mentor unpair mentor:@mia mentee:@kai on:2026-12-18");
    expect(twice!.text).toContain(`Pair \`${id}\` already ended on 2026-12-18; nothing was changed.`);
    const [today] = await con.as("coord", "dm", `/mentor unpair id:${id}`);
    expect(today!.text).toContain("2026-08-15 to 2026-11-02"); // ending sooner is a change
    expect(await app.deps.db.auditEvent.count({ where: { action: "mentor.unpair" } })).toBe(2);
    const [current] = await con.as("coord", "dm", "/mentor pairs");
    expect(current!.text).toContain(`\`${id}\``); // it still runs today (its last day)
    app.clock.set(new Date("2026-11-03T15:00:00Z"));
    const [later] = await con.as("coord", "dm", "/mentor pairs");
    expect(later!.text).toContain("No current pairs yet");
    const [withEnded] = await con.as("coord", "dm", "/mentor pairs ended:yes");
    expect(withEnded!.text).toContain(`\`${id}\` @mia mentors @kai · 2026-08-15 to 2026-11-02 · ended`);
  });

  it("shows coordinators every pair, a mentor and a mentee their own, and a typed mentee to the mentor alone", async () => {
    await con.as(
      "coord",
      "dm",
      "/mentor pair mentor:@mia mentee:@kai from:2026-08-15",
      "/mentor pair mentor:@ben mentee:@lee from:2026-08-15",
    );
    await con.as("mia", "dm", `/mentor pair mentee:"${TYPED}" from:2026-09-01`);
    const [coord] = await con.as("coord", "dm", "/mentor pairs");
    expect(coord!.text).toContain("@mia mentors @kai");
    expect(coord!.text).toContain("@ben mentors @lee");
    expect(coord!.text).toContain("@mia mentors a mentee who is not a member here (only their mentor sees the name)");
    expect(coord!.text).not.toContain(TYPED);
    const [mia] = await con.as("mia", "dm", "/mentor pairs");
    expect(mia!.text).toContain("@mia mentors @kai");
    expect(mia!.text).toContain(`@mia mentors ${TYPED}`);
    expect(mia!.text).not.toContain("@lee");
    const [kai] = await con.as("kai", "dm", "/mentor pairs");
    expect(kai!.text).toContain("@mia mentors @kai");
    expect(kai!.text).not.toContain(TYPED);
    expect(kai!.text).not.toContain("@lee");
    const [none] = await con.as("zed", "dm", "/mentor pairs");
    expect(none!.text).toContain("You are in no mentoring pair");
    // Asked in a channel, the list goes by DM: the channel's answer names nobody.
    const [here, dm] = await con.as("coord", "general", "/mentor pairs");
    expect(here!.kind).toBe("private");
    expect(here!.text).not.toMatch(/@kai|@lee/);
    expect(dm!.kind).toBe("dm");
    // A member cannot pair themselves with a member, and the typed name is ciphertext at rest.
    const [refused] = await con.as("mia", "dm", "/mentor pair mentee:@lee");
    expect(refused!.text).toContain("Only coordinators and admins pair people");
    const texts = await everyText(app, provider);
    expect(texts.filter((t) => t.value.includes(TYPED))).toEqual([]);
    expect(app.logs.join("")).not.toContain(TYPED);
  });
});
