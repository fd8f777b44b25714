// A full ILT cycle through the console on SQLite and PostgreSQL: setup, items (one anonymous,
// one after the deadline), the budget, publish with roles, close with carry-forward and DMs to
// owners, and the next agenda opening with follow-ups and the carried item.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { everyText } from "../support/every-text.js";
import { skipAfterFirstFailure } from "../support/steps.js";
import type { Posted } from "../../src/platforms/console/session.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

const all = (p: Posted[]) => p.map((x) => x.text).join("\n");

// A story in steps: one team's meeting cycle, each step working on the team, items and clock
// the steps before left (the cycle is what is tested), so they run in order and the rest are
// skipped once one fails.
describe.sequential.each(PROVIDERS)("ILT agenda cycle [%s]", (provider) => {
  skipAfterFirstFailure();
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    // Monday 2 Nov 2026, 10:00 in New York; the team meets Thursdays at 3:30pm.
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
  });
  afterAll(() => app.stop());

  it("sets up a team; only facilitators may", async () => {
    const [denied] = await con.as(
      "t1",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#ilt members:"@fac @t1" day:thursday time:3:30pm',
    );
    expect(denied!.text).toMatch(/Only facilitator, leader, coordinator or admin can use \/agenda setup/);
    const [ok] = await con.as(
      "fac",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#ilt members:"@fac @t1 @t2 @t3 @quiet" day:thursday time:3:30pm',
    );
    expect(ok!.kind).toBe("private");
    expect(ok!.text).toContain(
      "Set up Lincoln ILT (5 members) in #ilt. Next meeting: Thursday 5 November 2026, 3:30 PM EST",
    );
  });

  it("collects items, anonymous and late ones included, and shows the budget", async () => {
    const [a] = await con.as("t1", "ilt", '/agenda add "Grade 3 fluency data" minutes:30 type:student-work');
    expect(a!.text).toMatch(/Added [A-Z0-9]{4} to Lincoln ILT's agenda for Thu 5 Nov, 3:30 PM/);
    const [b] = await con.as("quiet", "ilt", '/agenda add "Recess duty schedule is unfair" minutes:20 anonymous:yes');
    expect(b!.text).toContain("anonymously — nobody can see it was you");
    const [c] = await con.as("t2", "ilt", '/agenda add "Family night plan" minutes:50');
    expect(c!.kind).toBe("private");

    const [list] = await con.as("fac", "ilt", "/agenda list");
    expect(list!.text).toContain("Time budget: 100 / 90 min");
    expect(list!.text).toContain("Teacher-raised: 100 / 20 min reserved");
    expect(list!.text).toContain("⚠️ Over time: 100 min of items for a 90-minute meeting (10 min over)");
    expect(list!.text).toContain("Recess duty schedule is unfair — 20 min, discussion, from anonymous");

    // Past the 48-hour deadline (Tuesday 3:30pm): the item goes to the meeting after, and its author is told.
    app.clock.set("2026-11-04T14:00:00Z");
    const [late] = await con.as("t3", "ilt", '/agenda add "Field trip forms" minutes:10');
    expect(late!.text).toContain(
      "The deadline for the Thu 5 Nov, 3:30 PM meeting has passed, so it is on the agenda of Thu 19 Nov, 3:30 PM",
    );
  });

  it("refuses non-members and bad input with an example", async () => {
    const [out] = await con.as("outsider", "ilt", '/agenda add "Let me in" team:"Lincoln ILT"');
    expect(out!.text).toContain("Only members of Lincoln ILT can add to its agenda");
    expect(out!.text).toContain("Example: `/agenda add");
    const [bad] = await con.as("t1", "ilt", '/agenda add "Long item" minutes:999');
    expect(bad!.text).toContain("`minutes`: the largest allowed is 240");
    expect(bad!.text).toContain("Example:");
    expect(await app.deps.db.agendaItem.count({ where: { text: { in: ["Let me in", "Long item"] } } })).toBe(0);
  });

  it("publishes the agenda with its three roles, then closes with carry-forward and DMs", async () => {
    const posted = await con.as("fac", "ilt", "/agenda publish");
    const post = posted.find((p) => p.kind === "post")!;
    expect(post.channelId).toBe("ilt");
    expect(post.text).toContain("Facilitator: @t1 · Recorder: @t2 · Timekeeper: @t3");
    expect(post.text).toContain("Grade 3 fluency data");
    expect(post.reply.repost, "what a refused channel's notice offers").toMatch(/^\/agenda publish team:".+"$/);

    const [mine] = await con.as("t1", "ilt", "/agenda list");
    const fluency = /Grade 3 fluency data.*`([A-Z0-9]{4})`/.exec(mine!.text)![1]!;
    const family = /Family night plan.*`([A-Z0-9]{4})`/.exec(mine!.text)![1]!;
    await con.as(
      "fac",
      "ilt",
      `/agenda done item:${fluency} decision:"Adopt the fluency routine"`,
      `/agenda done item:${family}`,
    );
    await con.as(
      "fac",
      "ilt",
      '/agenda action owner:@t1 task:"Share the fluency rubric" due:"Nov 12"',
      '/agenda action owner:@t2 task:"Book the gym" due:"Nov 13"',
    );
    const closed = await con.as("fac", "ilt", "/agenda close confirm:yes");
    const summary = closed.find((p) => p.kind === "post")!;
    expect(summary.text).toContain("Adopt the fluency routine");
    expect(summary.text).toContain("@t1: Share the fluency rubric");
    expect(summary.text).toContain("Carried to the next meeting (Thu 19 Nov, 3:30 PM): Recess duty schedule is unfair");
    const dms = closed.filter((p) => p.kind === "dm");
    expect(dms.map((d) => d.userId).sort()).toEqual(["t1", "t2"]);
    expect(dms.find((d) => d.userId === "t2")!.text).toContain("Book the gym");
    expect(await app.deps.db.delivery.count({ where: { dedupeKey: { startsWith: "agenda:action:" } } })).toBe(2);

    const [next] = await con.as("t3", "ilt", "/agenda list");
    const text = next!.text;
    expect(text.indexOf("Follow-ups from last meeting")).toBeGreaterThan(-1);
    expect(text.indexOf("Share the fluency rubric")).toBeLessThan(text.indexOf("\nItems\n"));
    const items = text.slice(text.indexOf("\nItems\n"));
    expect(items.indexOf("Recess duty schedule is unfair")).toBeLessThan(items.indexOf("Field trip forms"));
    expect(items).toContain("_(carried from last meeting)_");
  });

  it("never shows or stores who sent the anonymous item", async () => {
    const seenByFacilitator = all(con.transcript.filter((p) => p.kind !== "private" || p.userId === "fac"));
    expect(seenByFacilitator).toContain("Recess duty schedule is unfair");
    for (const line of seenByFacilitator.split("\n").filter((l) => l.includes("Recess duty")))
      expect(line).not.toContain("quiet");
    const [file] = await con.as("fac", "ilt", "/agenda export last:yes");
    const md = file!.reply.files![0]!.content;
    expect(md).toContain("Recess duty schedule is unfair (20 min, discussion, from anonymous)");
    expect(md).not.toContain("quiet");

    const row = await app.deps.db.agendaItem.findFirstOrThrow({ where: { text: "Recess duty schedule is unfair" } });
    expect(row.submitterId).toBeNull();
    expect(JSON.stringify(row)).not.toContain("quiet");
    // Nothing stored about items, follow-ups, deliveries or the audit log ties the submitter to it
    // (the team's member list and role rota name everyone, by design, but not who wrote what).
    const db = app.deps.db;
    expect(JSON.stringify(await db.agendaItem.findMany())).not.toContain("quiet");
    expect(JSON.stringify(await db.auditEvent.findMany())).not.toContain("quiet");
    for (const d of await db.delivery.findMany())
      for (const line of (JSON.parse(d.payload).text ?? "")
        .split("\n")
        .filter((l: string) => l.includes("Recess duty")))
        expect(line).not.toContain("quiet");

    // Every text column of every table: the submitter's id is stored only where it names them as
    // a person (member lists, role rota, messages to them), never on or beside the item.
    const texts = await everyText(app, provider);
    expect(texts.some((t) => t.table === "AgendaItem" && t.value === "Recess duty schedule is unfair")).toBe(true); // the search sees the item
    expect(texts.some((t) => t.value === "quiet")).toBe(true); // and the submitter's id where it belongs
    const mentionsItem = (v: string) => v.includes("Recess duty") || v.includes(row.shortId) || v.includes(row.id);
    for (const t of texts) {
      if (!t.value.includes("quiet")) continue;
      expect(`${t.table}.${t.column}`).toMatch(
        /^(Member\.(userId|displayName)|TeamMember\.userId|Meeting\.(facilitatorId|recorderId|timekeeperId)|Delivery\.(payload|targetId|target)|MessageRef\.\w+)$/,
      );
      // A whole agenda (one message) may name quiet as a role holder; no line about the item does.
      for (const line of t.value.split(/\\n|\n/))
        if (mentionsItem(line)) expect(line, `${t.table}.${t.column}`).not.toContain("quiet");
    }
    expect(row.withdrawHash).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(texts.filter((t) => t.value.includes(row.withdrawHash!)).map((t) => `${t.table}.${t.column}`)).toEqual([
      "AgendaItem.withdrawHash",
    ]);

    // The submitter can still withdraw their own anonymous item with the token they alone were
    // given; another teacher cannot, and neither can they without it.
    const id = row.shortId;
    const token = /token:([A-Za-z0-9_-]{22})/.exec(
      con.transcript.find((p) => p.userId === "quiet" && p.text.includes("anonymously"))!.text,
    )![1]!;
    const [nope] = await con.as("t3", "ilt", `/agenda remove item:${id}`);
    expect(nope!.text).toContain("Only the person who added an item, or a facilitator of Lincoln ILT, can remove it");
    const [yes] = await con.as("quiet", "ilt", `/agenda remove item:${id} token:${token}`);
    expect(yes!.text).toContain(`Withdrew ${id}`);
  });

  it("shows the next rotations and honours away dates", async () => {
    const [r] = await con.as("t1", "ilt", "/agenda roles");
    expect(r!.text.split("\n")).toHaveLength(3);
    const [away] = await con.as("t2", "ilt", '/agenda roles away date:"Nov 19"');
    expect(away!.text).toContain("Marked you away on Thu 19 Nov");
    const next = await app.deps.db.meeting.findFirstOrThrow({ where: { status: "upcoming" }, orderBy: { seq: "asc" } });
    expect([next.facilitatorId, next.recorderId, next.timekeeperId]).not.toContain("t2");
  });

  it("posts the agenda to the channel by itself at the publish time, through the scheduler", async () => {
    await con.as("t1", "ilt", '/agenda add "Spring testing calendar" minutes:15');
    app.clock.set("2026-11-18T20:31:00Z"); // 24 h before the 19 Nov meeting
    const before = con.transcript.length;
    await new Scheduler(app).drain();
    const posts = con.transcript.slice(before).filter((p) => p.kind === "post" && p.channelId === "ilt");
    const agenda = posts.find((p) => p.text.includes("Lincoln ILT — agenda, Thu 19 Nov, 3:30 PM"));
    expect(agenda).toBeDefined();
    expect(agenda!.text).toContain("Spring testing calendar");
    expect(agenda!.text).toContain("Follow-ups from last meeting");
  });
});

// Also a story in steps: the teams set up in one step are queued for, reminded and followed up
// in the next ones.
describe.sequential.each(PROVIDERS)("ILT teams, reminders and follow-ups [%s]", (provider) => {
  skipAfterFirstFailure();
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 in New York
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
  });
  afterAll(() => app.stop());

  it("refuses a team of 20 or more, with an example, saving nothing", async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `@u${i}`).join(" ");
    const [r] = await con.as(
      "fac",
      "general",
      `/agenda setup name:"Big ILT" channel:#big members:"${twenty}" day:monday time:8am`,
    );
    expect(r!.kind).toBe("private");
    expect(r!.text).toContain("fewer than 20 members; this list has 20");
    expect(r!.text).toContain("Example: `/agenda setup");
    expect(await app.deps.db.team.count()).toBe(0);
  });

  it("asks which team when someone is on two, and uses the only one otherwise", async () => {
    await con.as(
      "fac",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#ilt members:"@fac @ana @ben" day:thursday time:3:30pm',
    );
    await con.as(
      "fac",
      "general",
      '/agenda setup name:"Math team" channel:#math members:"@ana @cy" day:tuesday time:7:45am every:1 minutes:45 reserve:10',
    );
    const [which] = await con.as("ana", "general", '/agenda add "Unit 4 pacing"');
    expect(which!.text).toContain(
      'You are on 2 teams (Lincoln ILT, Math team); say which with team:"Lincoln ILT", or run the command in the team',
    );
    expect(which!.text).toContain("Example:");
    const [math] = await con.as("ana", "math", '/agenda add "Unit 4 pacing" team:"Math team"');
    // Weekly, items due 48 h before: tomorrow's meeting is already closed to items.
    expect(math!.text).toContain("to Math team's agenda for Tue 10 Nov, 7:45 AM");
    expect(math!.text).toContain("The deadline for the Tue 3 Nov, 7:45 AM meeting has passed");
    const [only] = await con.as("ben", "ilt", '/agenda add "Hallway norms"');
    expect(only!.text).toContain("to Lincoln ILT's agenda for Thu 5 Nov, 3:30 PM");
    const [mathList] = await con.as("cy", "math", "/agenda list");
    expect(mathList!.text).toContain("Math team — next meeting, Tue 3 Nov");
    expect(mathList!.text).not.toContain("Hallway norms");
    const [iltList] = await con.as("ben", "ilt", "/agenda list");
    expect(iltList!.text).toContain("Hallway norms");
    expect(iltList!.text).not.toContain("Unit 4 pacing");
  });

  it("queues the agenda and a channel reminder before the item deadline", async () => {
    const t = await app.deps.db.team.findFirstOrThrow({ where: { name: "Lincoln ILT" } });
    const m = await app.deps.db.meeting.findFirstOrThrow({ where: { teamId: t.id, status: "upcoming" } });
    const queued = await app.deps.db.delivery.findMany({ where: { sourceId: m.id }, orderBy: { dueAt: "asc" } });
    // Thu 5 Nov 3:30pm EST = 20:30Z; deadline 48 h before (Tue 20:30Z); reminder a day before that.
    expect(queued.map((d) => [d.dedupeKey.split(":")[1], d.dueAt.toISOString()])).toEqual([
      ["deadline", "2026-11-02T20:30:00.000Z"],
      ["publish", "2026-11-04T20:30:00.000Z"],
    ]);
    app.clock.set("2026-11-02T20:31:00Z");
    const before = con.transcript.length;
    await new Scheduler(app).drain();
    const posted = con.transcript.slice(before).filter((p) => p.kind === "post");
    expect(posted.map((p) => p.channelId)).toContain("ilt");
    expect(posted.find((p) => p.channelId === "ilt")!.text).toContain(
      "agenda items for the next meeting are due in 24 hours",
    );
  });

  it("keeps a follow-up on the agendas until its owner marks it done, then cancels its reminder", async () => {
    const [a] = await con.as("fac", "ilt", '/agenda action owner:@ben task:"Draft hallway norms" due:"Nov 12"');
    const id = /Action ([A-Z0-9]{4})/.exec(a!.text)![1]!;
    await con.as("fac", "ilt", "/agenda close confirm:yes");
    const reminder = await app.deps.db.delivery.findFirstOrThrow({
      where: { dedupeKey: { startsWith: "agenda:action:" } },
    });
    expect(reminder.status).toBe("pending");
    const [again] = await con.as("ben", "ilt", "/agenda list");
    expect(again!.text).toContain("Draft hallway norms");

    const [denied] = await con.as("ana", "ilt", `/agenda done item:${id} team:"Lincoln ILT"`);
    expect(denied!.text).toContain(
      "Only the follow-up's owner, the facilitator or the recorder of Lincoln ILT can mark it done",
    );
    expect(denied!.text).toContain(`Example: \`/agenda done item:${id}\``);
    const [ok] = await con.as("ben", "ilt", `/agenda done item:${id}`);
    expect(ok!.text).toContain(`Follow-up ${id} done`);
    const [after] = await con.as("ben", "ilt", "/agenda list");
    expect(after!.text).not.toContain("Draft hallway norms");
    expect((await app.deps.db.delivery.findUniqueOrThrow({ where: { id: reminder.id } })).status).toBe("cancelled");
  });
});
