// The agenda the scheduler posts by itself publishes the meeting just like /agenda publish:
// the meeting is `published`, and marking yourself away afterwards leaves the roles of the
// agenda already posted alone (only a not-yet-published meeting is re-assigned). Two teams
// with the same cadence, one published by hand and one by the scheduler, on real databases;
// a third team's publication is skipped as stale, and its meeting stays upcoming.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

describe.each(PROVIDERS)("scheduled agenda publication [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  const meetingOf = async (name: string) => {
    const t = await app.deps.db.team.findFirstOrThrow({ where: { name } });
    return app.deps.db.meeting.findFirstOrThrow({ where: { teamId: t.id }, orderBy: { seq: "asc" } });
  };
  beforeAll(async () => {
    // Monday 2 Nov 2026, 10:00 in New York; both teams meet Thursday 5 Nov at 3:30pm (20:30Z),
    // and their agendas post themselves 24 hours before.
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
    await con.as(
      "fac",
      "general",
      '/agenda setup name:"Hand ILT" channel:#hand members:"@h1 @h2 @h3 @h4" day:thursday time:3:30pm',
      '/agenda setup name:"Auto ILT" channel:#auto members:"@a1 @a2 @a3 @a4" day:thursday time:3:30pm',
      '/agenda setup name:"Late ILT" channel:#late members:"@l1 @l2 @l3" day:friday time:3:30pm',
    );
    await con.as("h1", "hand", '/agenda add "Hallway norms" minutes:10');
    await con.as("a1", "auto", '/agenda add "Hallway norms" minutes:10');
  });
  afterAll(() => app.stop());

  it("marks the meeting published when the scheduler posts its agenda", async () => {
    await con.as("fac", "hand", '/agenda publish team:"Hand ILT"');
    expect(await meetingOf("Auto ILT")).toMatchObject({ status: "upcoming", publishedAt: null });

    app.clock.set("2026-11-04T20:31:00Z");
    const before = con.transcript.length;
    await new Scheduler(app).drain();
    const posts = con.transcript.slice(before).filter((p) => p.kind === "post");
    expect(
      posts.filter((p) => p.channelId === "hand"),
      "the hand-published agenda is not posted twice",
    ).toHaveLength(0);
    expect(posts.find((p) => p.channelId === "auto")?.text).toContain("Auto ILT — agenda, Thu 5 Nov, 3:30 PM");

    const auto = await meetingOf("Auto ILT");
    expect(auto.status).toBe("published");
    expect(auto.publishedAt?.toISOString()).toBe("2026-11-04T20:31:00.000Z");
    expect((await meetingOf("Hand ILT")).status).toBe("published");
  });

  it("keeps the posted roles when their holder marks away afterwards, as after /agenda publish", async () => {
    for (const [name, channel] of [
      ["Hand ILT", "hand"],
      ["Auto ILT", "auto"],
    ] as const) {
      const m = await meetingOf(name);
      const roles = [m.facilitatorId, m.recorderId, m.timekeeperId];
      expect(roles.every(Boolean)).toBe(true);
      const [away] = await con.as(m.facilitatorId!, channel, `/agenda roles away date:"Nov 5" team:"${name}"`);
      expect(away!.text).toContain("Marked you away on Thu 5 Nov");
      const after = await meetingOf(name);
      expect([after.facilitatorId, after.recorderId, after.timekeeperId], name).toEqual(roles);
      expect(after.status, name).toBe("published");
    }
  });

  it("leaves the meeting upcoming when the scheduled publication is skipped and nothing was posted", async () => {
    // Late ILT meets Friday 6 Nov at 3:30pm; its agenda was due to post Thursday at 20:30Z.
    app.clock.set("2026-11-05T20:45:00Z");
    const before = con.transcript.length;
    await new Scheduler(app, { staleMs: 60_000 }).drain();
    expect(con.transcript.slice(before).filter((p) => p.kind === "post" && p.channelId === "late")).toHaveLength(0);
    const m = await meetingOf("Late ILT");
    const publication = await app.deps.db.delivery.findFirstOrThrow({
      where: { sourceId: m.id, sourceKind: "agenda-publish" },
    });
    expect(publication.status).toBe("skipped");
    expect(m).toMatchObject({ status: "upcoming", publishedAt: null });
  });
});
