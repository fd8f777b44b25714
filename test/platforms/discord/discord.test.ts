// The real discord.js client against the loopback fake Discord: slash commands answered by
// interaction callbacks, cards posted with buttons and edited by button presses, DMs routed
// to the mentor DM flow, files as attachments, forms for long text, autocomplete, deferral.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCommand, sub } from "../../../src/core/command.js";
import { opt } from "../../../src/core/options.js";
import { privately, to } from "../../../src/core/reply.js";
import { commands as realCommands } from "../../../commands/index.js";
import { Scheduler } from "../../../src/scheduler/scheduler.js";
import { RateLimitedError } from "../../../src/core/errors.js";
import { ensureWorkspace } from "../../../src/services/workspaces.js";
import { startDiscord, type DiscordAdapter } from "../../../src/platforms/discord/start.js";
import { makeApp, type TestApp } from "../../support/app.js";
import { eventually } from "../../fakes/slack/server.js";
import {
  buttonIds,
  FakeDiscord,
  type FakeMessage,
  type FakeUser,
  type RecordedCall,
  type SentInteraction,
} from "../../fakes/discord/server.js";

const alice: FakeUser = { id: "400000000000000001", username: "alice", global_name: "Alice Ames" };
const bob: FakeUser = { id: "400000000000000002", username: "bob", global_name: "Bob Baker" };
const MANAGE_GUILD = String(0x20);
const EPHEMERAL = 64;

/** A command whose handler waits until the test lets it go: shows deferral without timing. */
let release: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
const slow = defineCommand({
  name: "slowtest",
  description: "Test only: answers when released.",
  subcommands: {
    wait: sub({
      description: "Waits",
      options: { note: opt.text({ description: "A note" }) },
      examples: [""],
      async run() {
        await gate;
        return [privately("Finished after a while."), { to: to.here, text: "Posted after a while." }];
      },
    }),
    report: sub({
      description: "Declared long: acknowledged before it runs",
      options: {},
      examples: [""],
      long: true,
      run: () => privately("Report ready."),
    }),
    here: sub({
      description: "Posts here only",
      options: {},
      examples: [""],
      run: () => ({ to: to.here, header: "Hello", text: "Everyone sees this." }),
    }),
  },
});

describe("Discord adapter (discord.js against the fake)", () => {
  let fake: FakeDiscord;
  let app: TestApp;
  let adapter: DiscordAdapter;

  const mark = () => fake.calls.length;
  /** The interaction's answer as the user sees it, whether it came at once or after a deferral. */
  async function answerOf(
    i: SentInteraction,
  ): Promise<{ type: number; data: any; files: RecordedCall["files"]; multipart: boolean; ephemeral: boolean }> {
    const cb = await fake.callback(i);
    const t = cb.json.type;
    if (t !== 5 && t !== 6)
      return {
        type: t,
        data: cb.json.data,
        files: cb.files,
        multipart: cb.multipart,
        ephemeral: Boolean((cb.json.data?.flags ?? 0) & EPHEMERAL),
      };
    const edit = await fake.waitForCall(
      (c) => c.method === "PATCH" && c.path === `/webhooks/${fake.applicationId}/${i.token}/messages/@original`,
    );
    return {
      type: t === 5 ? 4 : 7,
      data: edit.json,
      files: edit.files,
      multipart: edit.multipart,
      ephemeral: t === 5 && Boolean(cb.json.data.flags & EPHEMERAL),
    };
  }
  const channelPosts = (from: number, channelId = fake.channelId) =>
    fake.calls.slice(from).filter((c) => c.method === "POST" && c.path === `/channels/${channelId}/messages`);

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    fake.heartbeatInterval = 200;
    app = await makeApp("sqlite", {
      now: "2026-11-02T15:00:00Z",
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
      app: { commands: [...realCommands, slow] },
    });
    adapter = await startDiscord(app, { deferAfterMs: 1000 });
  });
  afterAll(async () => {
    if (process.env.DUMP_DISCORD)
      (await import("node:fs")).writeFileSync(process.env.DUMP_DISCORD, JSON.stringify(fake.calls, null, 1));
    if (process.env.DUMP_DISCORD)
      (await import("node:fs")).writeFileSync(process.env.DUMP_DISCORD + ".log", app.logs.join(""));
    await app?.stop();
    await fake?.stop();
  });

  it("connects over the gateway from GET /gateway/bot with the Guilds and DirectMessages intents only", async () => {
    expect(fake.calls.some((c) => c.method === "GET" && c.path === "/gateway/bot")).toBe(true);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0].token).toBe("fake-bot-token");
    expect(fake.identifies[0].intents).toBe((1 << 0) | (1 << 12)); // Guilds | DirectMessages, nothing privileged
    expect(adapter.client.guilds.cache.has(fake.guildId)).toBe(true);
    expect(app.transports.get("discord")).toBe(adapter.transport);
    await new Promise<void>((r) => (fake.heartbeats ? r() : fake.once("heartbeat", () => r())));
    expect(fake.heartbeats).toBeGreaterThan(0);
  });

  // One fake Discord, app and client for the file; each test makes its own session, draft or
  // reminder with the helpers below, so any test can run (and fail) on its own.

  /** Alice announces a session; returns its card as the fake holds it and its id. */
  async function announce(title: string, when = "Dec 3 9am"): Promise<{ card: FakeMessage; sessionId: string }> {
    const from = mark();
    const i = fake.chatInput({ user: alice, permissions: MANAGE_GUILD }, "session", "announce", {
      title,
      when,
      hours: "3",
    });
    expect((await answerOf(i)).data.embeds[0].description).toMatch(/^Announced/);
    const [post] = channelPosts(from);
    const sessionId = /Session ([A-Z0-9]{4})/.exec(post!.json.embeds[0].footer.text)![1]!;
    const card = [...fake.messages.values()].find((m) => m.embeds[0]?.footer?.text?.includes(`Session ${sessionId}`))!;
    expect(card).toBeDefined();
    return { card, sessionId };
  }

  /** Bob DMs a mentoring log; returns the draft card in his DM. */
  async function draftInDm(text = "45 min with J.R. today - classroom management. notes: worked on transitions") {
    const from = mark();
    const { channelId } = fake.dm(bob, text);
    const post = await fake.waitForCall((c) => c.method === "POST" && c.path === `/channels/${channelId}/messages`, {
      from,
    });
    // The newest draft card in that DM: the one just posted.
    const draft = [...fake.messages.values()]
      .filter((m) => m.channel_id === channelId && m.embeds[0]?.title === "Mentoring log — check and save")
      .at(-1)!;
    return { post, channelId, draft };
  }

  it("/session announce: an ephemeral interaction answer with the calendar file, and a channel card with buttons", async () => {
    const from = mark();
    const i = fake.chatInput({ user: alice, permissions: MANAGE_GUILD }, "session", "announce", {
      title: "Scoring training",
      when: "Dec 3 9am",
      hours: "3",
      where: "Central HS library",
      kind: "scoring-training",
    });
    const cb = await answerOf(i);
    expect(cb.type).toBe(4);
    expect(cb.ephemeral).toBe(true);
    expect(cb.data.embeds[0].description).toMatch(
      /^Announced \*\*Scoring training\*\* \([A-Z0-9]{4}\) in <#300000000000000001> for <t:\d+:F>/,
    );
    // The file arrives as an attachment of the interaction answer (multipart).
    expect(cb.multipart).toBe(true);
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]!.filename).toMatch(/^[A-Z0-9]{4}\.ics$/);
    expect(cb.files[0]!.text).toContain("BEGIN:VCALENDAR");

    const [post] = channelPosts(from);
    expect(post).toBeDefined();
    const embed = post!.json.embeds[0];
    expect(embed.title).toBe("📅 Scoring training");
    expect(embed.fields.find((f: { name: string }) => f.name === "When").value).toBe(
      `<t:${Date.parse("2026-12-03T14:00:00Z") / 1000}:F>`,
    );
    expect(embed.fields.find((f: { name: string }) => f.name === "Answers").value).toContain("Going 0");
    const sessionId = /Session ([A-Z0-9]{4})/.exec(embed.footer.text)![1]!;
    const card = [...fake.messages.values()].find((m) => m.embeds[0]?.title === "📅 Scoring training")!;
    expect(buttonIds(card)).toEqual([
      `session.rsvp|${sessionId}:going`,
      `session.rsvp|${sessionId}:maybe`,
      `session.rsvp|${sessionId}:no`,
      `session.ics|${sessionId}`,
      `session.checkin|${sessionId}`,
    ]);
    expect(post!.json.allowed_mentions).toEqual({ parse: [] });
  });

  it("a Going press updates that card in place (UPDATE_MESSAGE) and confirms privately", async () => {
    const { card, sessionId } = await announce("Going press");
    const i = fake.press({ user: bob }, card, `session.rsvp|${sessionId}:going`);
    const cb = await answerOf(i);
    expect(cb.type).toBe(7);
    const answers = cb.data.embeds[0].fields.find((f: { name: string }) => f.name === "Answers").value;
    expect(answers).toContain("Going 1");
    expect(
      fake.messages.get(card.id)!.embeds[0].fields.find((f: { name: string }) => f.name === "Answers").value,
    ).toContain("Going 1");
    const follow = await fake.waitForCall(
      (c) => c.method === "POST" && c.path === `/webhooks/${fake.applicationId}/${i.token}`,
    );
    expect(follow.json.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(follow.json.embeds[0].description).toMatch(/^You're going to Going press, <t:\d+:F>/);
  });

  it("a later edit of the card (an RSVP through a slash command) goes to the card's message", async () => {
    const { card, sessionId } = await announce("Later edit");
    const from = mark();
    const i = fake.chatInput({ user: alice }, "session", "rsvp", { id: sessionId, answer: "maybe" });
    await answerOf(i);
    const edit = await fake.waitForCall(
      (c) => c.method === "PATCH" && c.path === `/channels/${fake.channelId}/messages/${card.id}`,
      { from },
    );
    expect(edit.json.embeds[0].fields.find((f: { name: string }) => f.name === "Answers").value).toContain("Maybe 1");
    expect(edit.json.components).toHaveLength(1);
  });

  it("members without Manage Server cannot announce; the error is ephemeral with an example", async () => {
    const i = fake.chatInput({ user: bob }, "session", "announce", { title: "PD", when: "Dec 4 9am" });
    const cb = await answerOf(i);
    expect(cb.ephemeral).toBe(true);
    expect(cb.data.embeds[0].description).toContain("Only");
    expect(cb.data.embeds[0].footer.text).toMatch(/^Example: `\/cadre role add/);
  });

  it("autocomplete offers an upcoming session by id", async () => {
    const { sessionId } = await announce("Autocomplete me", "Dec 4 9am");
    const i = fake.autocomplete({ user: bob }, "session", "show", { id: "" }, "id");
    const cb = await fake.callback(i);
    expect(cb.json.type).toBe(8);
    expect(cb.json.data.choices).toContainEqual(
      expect.objectContaining({ value: sessionId, name: expect.stringContaining("Autocomplete me") }),
    );
  });

  it("session autocomplete offers only what /session list all:yes shows: this channel's, and those you announced or answered", async () => {
    const scoring = "300000000000000002";
    const a = fake.chatInput({ user: alice, permissions: MANAGE_GUILD, channelId: scoring }, "session", "announce", {
      title: "Scoring cohort only",
      when: "Dec 8 9am",
      hours: "3",
    });
    expect((await answerOf(a)).data.embeds[0].description).toMatch(/^Announced/);
    const offered = async (user: FakeUser, channelId?: string) => {
      const i = fake.autocomplete({ user, channelId }, "session", "show", { id: "" }, "id");
      const cb = await fake.callback(i);
      expect(cb.json.type).toBe(8);
      return (cb.json.data.choices as { name: string }[]).map((c) => c.name.split(" · ")[1]);
    };
    expect(await offered(bob)).not.toContain("Scoring cohort only");
    expect(await offered(bob, scoring)).toContain("Scoring cohort only");
    expect(await offered(alice)).toContain("Scoring cohort only");
  });

  it("a DM message reaches the mentor DM flow: the draft card arrives in the DM with Save/Edit/Discard", async () => {
    const { post, draft, channelId } = await draftInDm();
    expect(post.json.embeds[0].title).toBe("Mentoring log — check and save");
    expect(post.json.embeds[0].fields.map((f: { name: string }) => f.name)).toContain("Topics");
    expect(draft).toMatchObject({ channel_id: channelId });
    expect(buttonIds(draft).map((b) => b.split("|")[0])).toEqual(["mentor.save", "mentor.edit", "mentor.discard"]);
  });

  it("Save in the DM updates the draft card and the entry lands in the server's workspace", async () => {
    const { draft } = await draftInDm();
    const ws = await ensureWorkspace(app.deps.db, "discord", fake.guildId, "America/New_York");
    const before = await app.deps.db.mentorEntry.count({ where: { workspaceId: ws.id } });
    const i = fake.press({ user: bob, dm: true }, draft, buttonIds(draft)[0]!);
    const cb = await answerOf(i);
    expect(cb.type).toBe(7);
    expect(cb.data.embeds[0].title).toBe("Mentoring log — saved");
    expect(await app.deps.db.mentorEntry.count({ where: { workspaceId: ws.id } })).toBe(before + 1);
  });

  it("/mentor export in a channel: answered privately, the CSV arrives as an attachment in the DM", async () => {
    const { draft } = await draftInDm("30 min with J.R. today - lesson planning");
    await answerOf(fake.press({ user: bob, dm: true }, draft, buttonIds(draft)[0]!));
    const from = mark();
    const i = fake.chatInput({ user: bob }, "mentor", "export", {});
    expect((await answerOf(i)).ephemeral).toBe(true);
    const dmPost = await fake.waitForCall(
      (c) => c.method === "POST" && c.path === `/channels/${fake.dmChannelOf(bob.id)}/messages` && c.files.length > 0,
      { from },
    );
    expect(dmPost.multipart).toBe(true);
    expect(dmPost.files[0]!.filename).toMatch(/^mentoring-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(dmPost.files[0]!.text).toContain("J.R.");
    expect(channelPosts(from)).toHaveLength(0);
  });

  it("when someone's DMs are closed, they are told privately how to open them", async () => {
    fake.closedDms.add(bob.id);
    try {
      const i = fake.chatInput({ user: bob }, "mentor", "export", {});
      const note = await fake.waitForCall(
        (c) => c.path.includes(i.token) && JSON.stringify(c.json ?? {}).includes("couldn't send you a direct message"),
      );
      expect(note.json.flags & EPHEMERAL).toBe(EPHEMERAL);
    } finally {
      fake.closedDms.delete(bob.id);
    }
  });

  it("a required long text left out opens a form; submitting it runs the command", async () => {
    const i = fake.chatInput({ user: bob }, "reminder", "add", { when: "tomorrow 8am" });
    const cb = await fake.callback(i);
    expect(cb.json.type).toBe(9);
    const modal = cb.json.data;
    expect(modal.title).toBe("/reminder add");
    const input = modal.components[0].components[0];
    expect(input).toMatchObject({ type: 4, custom_id: "text", style: 2, required: true, max_length: 1000 });

    const s = fake.submitModal({ user: bob }, modal.custom_id, { text: "Bring the scoring rubric" });
    const answer = await answerOf(s);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.embeds[0].description).toMatch(
      /Reminder \*\*R-[A-Z0-9]{4}\*\* set for .*Bring the scoring rubric/,
    );

    // The same form cannot be submitted twice.
    const again = fake.submitModal({ user: bob }, modal.custom_id, { text: "again" });
    expect((await answerOf(again)).data.embeds[0].description).toContain("expired");
  });

  it("a command not answered within the defer time gets an ephemeral placeholder, which its answer replaces when ready", async () => {
    gate = new Promise<void>((r) => (release = r));
    const from = mark();
    const i = fake.chatInput({ user: alice }, "slowtest", "wait", {});
    const deferred = await fake.callback(i);
    expect(deferred.json.type).toBe(5);
    expect(deferred.json.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    release();
    const edit = await fake.waitForCall(
      (c) => c.method === "PATCH" && c.path === `/webhooks/${fake.applicationId}/${i.token}/messages/@original`,
      { from },
    );
    expect(edit.json.embeds[0].description).toBe("Finished after a while.");
    const post = await fake.waitForCall(
      (c) => c.method === "POST" && c.path === `/channels/${fake.channelId}/messages`,
      { from },
    );
    expect(post.json.embeds[0].description).toBe("Posted after a while.");
    // A quick command is answered in one call: its private answer is the interaction's reply.
    const quick = fake.chatInput({ user: alice }, "session", "list", {});
    const answer = await fake.callback(quick);
    expect(answer.json.type).toBe(4);
    expect(answer.json.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.json.data.embeds[0].title).toBe("Upcoming sessions");
  });

  it("a command declared long is acknowledged before it runs, however quick it turns out", async () => {
    const i = fake.chatInput({ user: alice }, "slowtest", "report", {});
    const cb = await fake.callback(i);
    expect(cb.json.type).toBe(5);
    expect(cb.json.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect((await fake.firstAnswer(i)).embeds[0].description).toBe("Report ready.");
  });

  it("answers commands even while the bot's own 50-a-second budget is spent (interaction routes are exempt)", async () => {
    // discord.js's client REST counts every request against Discord's global limit; interaction
    // routes are not bound by it, so a burst of scheduled posts must not hold answers back.
    const rest = adapter.client.rest;
    const saved = { remaining: rest.globalRemaining, reset: rest.globalReset };
    rest.globalRemaining = 0;
    rest.globalReset = Date.now() + 600_000;
    try {
      const i = fake.chatInput({ user: bob }, "session", "list", {});
      const answer = await answerOf(i);
      expect(answer.ephemeral).toBe(true);
      expect(answer.data.embeds[0].title).toBe("Upcoming sessions");
    } finally {
      rest.globalRemaining = saved.remaining;
      rest.globalReset = saved.reset;
    }
  });

  it("a DM typed as /command text runs that command", async () => {
    const from = mark();
    const { channelId } = fake.dm(bob, "/mentor hours");
    const post = await fake.waitForCall(
      (c: RecordedCall) => c.method === "POST" && c.path === `/channels/${channelId}/messages`,
      { from },
    );
    expect(post.json.embeds[0].title).toBe("Your mentoring hours");
  });

  it("a command with only a public answer posts it in the channel and removes its private placeholder", async () => {
    const from = mark();
    const i = fake.chatInput({ user: alice }, "slowtest", "here", {});
    const cb = await fake.callback(i);
    expect(cb.json.type).toBe(5);
    expect(cb.json.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    // Found by its title: a post still queued by an earlier test may land in the meantime.
    const post = await fake.waitForCall(
      (c) =>
        c.method === "POST" &&
        c.path === `/channels/${fake.channelId}/messages` &&
        c.json?.embeds?.[0]?.title === "Hello",
      { from },
    );
    expect(post.json.embeds[0]).toMatchObject({ title: "Hello", description: "Everyone sees this." });
    await fake.waitForCall(
      (c) => c.method === "DELETE" && c.path === `/webhooks/${fake.applicationId}/${i.token}/messages/@original`,
      { from },
    );
  });

  it("a channel where cadre may not post: the session is saved once and the announcer is told privately how to fix it", async () => {
    const from = mark();
    const before = await app.deps.db.session.count();
    fake.failNext({
      status: 403,
      code: 50013,
      message: "Missing Permissions",
      // This card's post only: a post still queued by an earlier test may land in the meantime.
      match: (m, p, json) =>
        m === "POST" && p === `/channels/${fake.channelId}/messages` && JSON.stringify(json).includes("Calibration"),
    });
    const i = fake.chatInput({ user: alice, permissions: MANAGE_GUILD }, "session", "announce", {
      title: "Calibration",
      when: "Dec 5 9am",
      hours: "2",
    });
    const answer = await answerOf(i);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.embeds[0].description).toMatch(/^Announced \*\*Calibration\*\*/);
    const notice = await fake.waitForCall(
      (c) => c.method === "POST" && c.path === `/webhooks/${fake.applicationId}/${i.token}`,
      { from },
    );
    expect(notice.json.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(notice.json.embeds[0].description).toContain(
      `I couldn't post “📅 Calibration” in <#${fake.channelId}>: cadre is not allowed to post there`,
    );
    expect(notice.json.embeds[0].footer.text).toContain("Send Messages, Embed Links and Attach Files");
    expect(notice.json.embeds[0].footer.text).toMatch(/Then post it with `\/session repost id:[A-Z0-9]{4}`\.$/);
    expect(
      channelPosts(from).filter((c) => c.status < 300 && JSON.stringify(c.json).includes("Calibration")),
    ).toHaveLength(0);
    expect(await app.deps.db.session.count()).toBe(before + 1);
  });

  it("a command delivered after Discord gave up on it (a late gateway replay) is not run, so trying again cannot double it", async () => {
    const from = mark();
    const before = await app.deps.db.session.count();
    // Made 4 s before it arrives: past Discord's 3 s, so the fake refuses any answer (10062).
    const i = fake.chatInput({ user: alice, permissions: MANAGE_GUILD, ageMs: 4_000 }, "session", "announce", {
      title: "Expired",
      when: "Dec 6 9am",
      hours: "2",
    });
    await eventually(() => app.logs.some((l) => l.includes("could not be acknowledged") && l.includes("10062")));
    expect(await app.deps.db.session.count()).toBe(before);
    const mine = fake.calls.slice(from).filter((c) => c.path.includes(i.token) || c.path.startsWith("/channels/"));
    expect(mine.map((c) => `${c.method} ${c.status}`)).toEqual(["POST 404"]); // the refused acknowledgement, nothing after
  });

  it("the scheduler delivers a due reminder through Discord as a DM", async () => {
    const set = fake.chatInput({ user: bob }, "reminder", "add", {
      text: "Print the anchor papers",
      when: "tomorrow 8am",
    });
    expect((await answerOf(set)).data.embeds[0].description).toMatch(/Reminder \*\*R-[A-Z0-9]{4}\*\* set for/);
    const now = app.clock.now();
    const from = mark();
    app.clock.set(new Date("2026-11-03T13:00:30Z")); // 8:00 in New York the next day
    try {
      await new Scheduler(app).tick();
      const dm = await fake.waitForCall(
        (c) =>
          c.method === "POST" &&
          c.path === `/channels/${fake.dmChannelOf(bob.id)}/messages` &&
          JSON.stringify(c.json?.embeds ?? []).includes("Print the anchor papers") &&
          // discord.js waits out a 429 from the channel's rate limit and sends again
          c.status !== 429,
        { from },
      );
      expect(dm.status).toBeLessThan(300);
    } finally {
      app.clock.set(now);
    }
  });

  describe("the Transport under Discord trouble", () => {
    const ws = () => ensureWorkspace(app.deps.db, "discord", fake.guildId, "America/New_York");
    const reply = { to: to.here, text: "Status update" };

    it("waits out a short 429 and retries a 5xx, delivering once", async () => {
      fake.failNext({ status: 429, retryAfter: 0.05, match: (m, p) => m === "POST" && p.endsWith("/messages") });
      fake.failNext({ status: 502, match: (m, p) => m === "POST" && p.endsWith("/messages") });
      const from = mark();
      const loc = await adapter.transport.post(await ws(), fake.channelId, reply);
      const attempts = fake.calls.slice(from).filter((c) => c.path === `/channels/${fake.channelId}/messages`);
      expect(attempts.map((c) => c.status)).toEqual([429, 502, 200]);
      expect(fake.messages.get(loc.messageId)!.embeds[0].description).toBe("Status update");
    });

    it("gives a long rate limit back to the scheduler as RateLimitedError with Discord's retry_after", async () => {
      fake.failNext({ status: 429, retryAfter: 30, match: (m, p) => m === "POST" && p.endsWith("/messages") });
      const err = await adapter.transport.post(await ws(), "300000000000000002", reply).catch((e) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(30_000);
    });

    it("an edit of a message someone deleted is dropped with a warning, not retried forever", async () => {
      await expect(
        adapter.transport.update(await ws(), { channelId: fake.channelId, messageId: "999999999999999999" }, reply),
      ).resolves.toBeUndefined();
      expect(app.logs.join("")).toContain("discord message to edit is gone");
    });
  });
});
