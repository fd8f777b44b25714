// What a new ILT's first users ran into, on SQLite and PostgreSQL: broadcast mentions taken for
// members, late items out of sight, the same item added twice, the agenda posted twice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

const SETUP = 'name:"Lincoln ILT" channel:#ilt day:thursday time:3:30pm';

describe.each(PROVIDERS)("agenda trust [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 in New York
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
  });
  afterEach(() => app.stop());

  it.each(["@everyone", "@here", "@channel", "<!channel>", "<!here>", "<!everyone>", "<!here|here>"])(
    "refuses %s as a member of a new team, saving nothing",
    async (broadcast) => {
      const [r] = await con.as("fac", "general", `/agenda setup ${SETUP} members:"${broadcast} @ana @ben"`);
      expect(r!.kind).toBe("private");
      expect(r!.text).toMatch(/@(everyone|here|channel) is not one person; name each member, e.g. @ana @ben\./);
      expect(r!.text).toContain('Example: `/agenda setup name:"Lincoln ILT" channel:#lincoln-ilt members:"@ana');
      expect(await app.deps.db.team.count()).toBe(0);
      expect(await app.deps.db.teamMember.count()).toBe(0);
    },
  );

  it("refuses a broadcast mention when a team is updated or a member added, keeping the members", async () => {
    await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana @ben"`);
    const [upd] = await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana @ben <!here>"`);
    expect(upd!.text).toContain("@here is not one person");
    const [add] = await con.as("fac", "ilt", "/agenda members add user:@everyone");
    expect(add!.kind).toBe("private");
    expect(add!.text).toContain("@everyone is not one person");
    expect(add!.text).toContain("Example: `/agenda members add user:@ana`");
    const members = await app.deps.db.teamMember.findMany({ orderBy: { position: "asc" } });
    expect(members.map((m) => m.userId)).toEqual(["fac", "ana", "ben"]);
  });

  it("tells /agenda list of the items waiting for the meeting after, added after the deadline", async () => {
    await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana @ben"`);
    const [before] = await con.as("ana", "ilt", "/agenda list");
    expect(before!.text).not.toContain("wait");
    // Wednesday: past the deadline (Tuesday 3:30pm) of Thursday 5 November's meeting.
    app.clock.set("2026-11-04T14:00:00Z");
    const [a] = await con.as("ana", "ilt", '/agenda add "Field trip forms" minutes:10');
    await con.as("ben", "ilt", '/agenda add "Bus duty" minutes:10');
    const [list] = await con.as("ana", "ilt", "/agenda list");
    expect(list!.kind).toBe("private");
    expect(list!.text).toContain("No items yet");
    expect(list!.text).toContain(
      "2 items wait for the meeting of Thu 19 Nov, 3:30 PM (added after this one's deadline)",
    );
    const id = /Added ([A-Z0-9]{4})/.exec(a!.text)![1];
    await con.as("ana", "ilt", `/agenda remove item:${id}`);
    const [after] = await con.as("ana", "ilt", "/agenda list");
    expect(after!.text).toContain(
      "1 item waits for the meeting of Thu 19 Nov, 3:30 PM (added after this one's deadline)",
    );
  });

  it("answers the same person adding the same words again with the item already there, adding nothing", async () => {
    await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana @ben"`);
    const [first] = await con.as("ana", "ilt", '/agenda add "Grade 3 fluency data" minutes:15');
    const id = /Added ([A-Z0-9]{4})/.exec(first!.text)![1]!;
    for (const again of ['"Grade 3 fluency data" minutes:15', '"grade 3  Fluency data " minutes:20']) {
      const [r] = await con.as("ana", "ilt", `/agenda add ${again}`);
      expect(r!.kind).toBe("private");
      expect(r!.text).toContain(`Already on the agenda as ${id} for Thu 5 Nov, 3:30 PM`);
      expect(r!.text).toContain("Nothing added.");
    }
    expect(await app.deps.db.agendaItem.count()).toBe(1);
    // Someone else raising the same thing is their own item.
    const [ben] = await con.as("ben", "ilt", '/agenda add "Grade 3 fluency data" minutes:15');
    expect(ben!.text).toMatch(/^Added [A-Z0-9]{4}/);
    // After the deadline the item is still on the sooner meeting: that is the answer, not a second item.
    app.clock.set("2026-11-04T14:00:00Z");
    const [late] = await con.as("ana", "ilt", '/agenda add "Grade 3 fluency data" minutes:15');
    expect(late!.text).toContain(`Already on the agenda as ${id} for Thu 5 Nov, 3:30 PM`);
    expect(await app.deps.db.agendaItem.count()).toBe(2);
    // Withdrawn, it can be added again (to the meeting after, now).
    await con.as("ana", "ilt", `/agenda remove item:${id}`);
    const [re] = await con.as("ana", "ilt", '/agenda add "Grade 3 fluency data" minutes:15');
    expect(re!.text).toContain("so it is on the agenda of Thu 19 Nov, 3:30 PM");
    const [dup] = await con.as("ana", "ilt", '/agenda add "Grade 3 fluency data" minutes:15');
    expect(dup!.text).toContain("for Thu 19 Nov, 3:30 PM");
    expect(await app.deps.db.agendaItem.count({ where: { status: "open" } })).toBe(2);
  });

  it("posts the agenda once: publish again answers where it is, and edits it in place when items changed", async () => {
    await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana @ben"`);
    await con.as("ana", "ilt", '/agenda add "Grade 3 fluency data" minutes:15');
    const first = await con.as("fac", "ilt", "/agenda publish");
    expect(first.filter((p) => p.kind === "post")).toHaveLength(1);
    app.clock.set("2026-11-02T16:00:00Z");
    const again = await con.as("fac", "ilt", "/agenda publish");
    expect(again.map((p) => p.kind)).toEqual(["private"]);
    expect(again[0]!.text).toContain(
      "The agenda for Thu 5 Nov, 3:30 PM is already posted in #ilt (Mon 2 Nov, 10:00 AM), as it is now; nothing posted.",
    );
    await con.as("ben", "ilt", '/agenda add "Bus duty" minutes:10');
    const changed = await con.as("fac", "ilt", "/agenda publish");
    expect(changed.map((p) => p.kind).sort()).toEqual(["private", "update"]);
    const edit = changed.find((p) => p.kind === "update")!;
    expect(edit.channelId).toBe("ilt");
    expect(edit.text).toContain("Bus duty");
    expect(changed.find((p) => p.kind === "private")!.text).toContain(
      "was already posted in #ilt (Mon 2 Nov, 10:00 AM): I updated that message to show it as it is now",
    );
    const third = await con.as("fac", "ilt", "/agenda publish");
    expect(third.map((p) => p.kind)).toEqual(["private"]);
    expect(third[0]!.text).toContain("already posted in #ilt");
  });

  it("does not post again an agenda the scheduler posted by itself", async () => {
    await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana @ben"`);
    await con.as("ana", "ilt", '/agenda add "Grade 3 fluency data" minutes:15');
    app.clock.set("2026-11-04T20:31:00Z"); // past its publish time, 24 hours before the meeting
    await new Scheduler(app).drain();
    expect(con.transcript.filter((p) => p.kind === "post" && p.channelId === "ilt")).toHaveLength(1);
    const again = await con.as("fac", "ilt", "/agenda publish");
    expect(again.map((p) => p.kind)).toEqual(["private"]);
    expect(again[0]!.text).toContain("is already posted in #ilt (Wed 4 Nov, 3:31 PM), as it is now; nothing posted.");
  });

  it("reads members apart by commas, and refuses a word that is not a mention rather than dropping it", async () => {
    const [bad] = await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana ben"`);
    expect(bad!.kind).toBe("private");
    expect(bad!.text).toContain(
      '"ben" is not an @mention of a person; list each member as an @mention, e.g. @ana @ben.',
    );
    expect(bad!.text).toContain("Example: `/agenda setup");
    expect(await app.deps.db.team.count()).toBe(0);
    const [ok] = await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac, @ana,@ben; <@UCY|cy>"`);
    expect(ok!.text).toContain("Set up Lincoln ILT (4 members)");
    const members = await app.deps.db.teamMember.findMany({ orderBy: { position: "asc" } });
    expect(members.map((m) => m.userId)).toEqual(["fac", "ana", "ben", "UCY"]);
  });

  it("writes what was typed into the exported minutes as text: no hidden link, no live mention", async () => {
    await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @ana"`);
    await con.as("ana", "ilt", '/agenda add "See [the plan](https://evil.example) <!channel> **now**" minutes:5');
    const [file] = await con.as("fac", "ilt", "/agenda export");
    const md = file!.reply.files![0]!.content as string;
    expect(md).toContain("See \\[the plan\\]\\(https://evil.example\\) \\<\\!channel\\> \\*\\*now\\*\\*");
    expect(md).not.toContain("[the plan](");
    expect(md).not.toContain("<!channel>");
  });

  it("puts each late item on the next meeting, after the late ones already there", async () => {
    await con.as("fac", "general", `/agenda setup ${SETUP} members:"@fac @t1 @t2 @t3"`);
    await con.as("t1", "ilt", '/agenda add "On time item" minutes:10');
    // Wednesday: past the deadline (Tuesday 3:30pm) of Thursday 5 November's meeting.
    app.clock.set("2026-11-04T14:00:00Z");
    const texts = ["Field trip forms", "Bus duty", "Book fair"];
    for (const [i, text] of texts.entries()) {
      const [late] = await con.as(`t${i + 1}`, "ilt", `/agenda add "${text}" minutes:10`);
      expect(late!.text).toContain("so it is on the agenda of Thu 19 Nov, 3:30 PM");
    }
    const meetings = await app.deps.db.meeting.findMany({ orderBy: { seq: "asc" }, include: { items: true } });
    expect(meetings.map((m) => m.items.length)).toEqual([1, 3]);
    const next = meetings[1]!.items.sort((a, b) => a.position - b.position);
    expect(next.map((i) => [i.text, i.position])).toEqual(texts.map((t, i) => [t, i + 1]));
  });
});
