// The feedback forms on Discord, through the real discord.js client and the fake: the DM's
// Give feedback button is answered with a modal (the fake checks it as Discord documents
// modals), submitting it stores the answer without its author, a second press answers
// instead; and "did you use it?" weeks later opens its form with the pressed answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../../src/scheduler/scheduler.js";
import { startDiscord } from "../../../src/platforms/discord/start.js";
import { makeApp, type TestApp } from "../../support/app.js";
import { eventually } from "../../fakes/slack/server.js";
import { modalError } from "../../fakes/discord/validate.js";
import { buttonIds, FakeDiscord, type FakeMessage, type FakeUser } from "../../fakes/discord/server.js";

const alice: FakeUser = { id: "400000000000000001", username: "alice", global_name: "Alice Ames" };
const bob: FakeUser = { id: "400000000000000002", username: "bob", global_name: "Bob Baker" };
const MANAGE_GUILD = String(0x20);

describe("Discord feedback forms [sqlite]", () => {
  let fake: FakeDiscord;
  let app: TestApp;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    app = await makeApp("sqlite", {
      now: "2026-11-02T15:00:00Z",
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    await startDiscord(app, { deferAfterMs: 1000 });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  /** The newest DM cadre sent bob whose text includes `text`. */
  const dmTo = (user: FakeUser, text: string) =>
    eventually(() =>
      [...fake.messages.values()]
        .filter((m) => m.channel_id === fake.dmChannelFor(user.id) && JSON.stringify(m.embeds).includes(text))
        .at(-1),
    );
  const buttonId = (m: FakeMessage, prefix: string) => buttonIds(m).find((b) => b.startsWith(prefix))!;

  it("answers the DM's button with a modal and stores its submission, once", async () => {
    const announced = fake.chatInput({ user: alice, permissions: MANAGE_GUILD }, "session", "announce", {
      title: "Feedback that sticks",
      when: "Nov 10 9am",
      hours: "3",
    });
    await fake.callback(announced);
    const card = await eventually(() =>
      [...fake.messages.values()].find((m) => m.embeds[0]?.title === "📅 Feedback that sticks"),
    );
    const sessionId = /Session ([A-Z0-9]{4})/.exec(card.embeds[0].footer.text)![1]!;
    app.clock.set("2026-11-10T14:10:00Z");
    const checkin = fake.chatInput({ user: bob }, "session", "checkin", { id: sessionId });
    await fake.waitForCall(
      (c) => c.path.includes(checkin.token) && JSON.stringify(c.json ?? {}).includes("Checked you in"),
    );
    app.clock.set("2026-11-10T17:01:00Z");
    const scheduler = new Scheduler(app);
    await scheduler.drain();
    const dm = await dmTo(bob, "How was it?");

    const press = fake.press({ user: bob, dm: true }, dm, buttonId(dm, "session.feedback-form|"));
    const cb = await fake.callback(press);
    expect(cb.status).toBe(204); // the fake accepted it as a valid modal
    expect(cb.json.type).toBe(9);
    const modal = cb.json.data;
    expect(modal.title).toBe("How was it?");
    expect(
      modal.components.map((r: any) => [r.components[0].custom_id, r.components[0].style, r.components[0].required]),
    ).toEqual([
      ["rating", 1, true],
      ["use", 2, false],
      ["better", 2, false],
    ]);
    expect(modal.components[0].components[0].placeholder).toBe("1, 2, 3, 4 or 5");

    const submit = fake.submitModal({ user: bob, channelId: dm.channel_id }, modal.custom_id, {
      rating: "5",
      use: "The exit-ticket routine",
      better: "",
    });
    await fake.waitForCall((c) => c.path.includes(submit.token) && JSON.stringify(c.json ?? {}).includes("Thank you"));
    const rows = await app.deps.db.feedbackAnswer.findMany();
    expect(rows).toMatchObject([{ rating: 5, willUse: "The exit-ticket routine", better: null }]);
    expect(JSON.stringify(rows)).not.toContain(bob.id);

    // A second press is answered in words, not with another form.
    const again = fake.press({ user: bob, dm: true }, dm, buttonId(dm, "session.feedback-form|"));
    const second = await fake.waitForCall(
      (c) => c.path.includes(again.token) && JSON.stringify(c.json ?? {}).includes("you already answered"),
    );
    expect(second.json.type ?? 4).not.toBe(9);
    expect(await app.deps.db.feedbackAnswer.count()).toBe(1);

    // Four weeks later: "did you use it?", whose Not yet button opens a form for an example.
    app.clock.set("2026-12-08T17:05:00Z");
    await scheduler.drain();
    const ask = await dmTo(bob, "Have you used what you learned");
    const notYet = fake.press(
      { user: bob, dm: true },
      ask,
      buttonIds(ask).find((b) => b.endsWith(":not-yet"))!,
    );
    const form = await fake.callback(notYet);
    expect(form.json.type).toBe(9);
    expect(form.json.data.components.map((r: any) => r.components[0].custom_id)).toEqual(["example"]);
    const sent = fake.submitModal({ user: bob, channelId: ask.channel_id }, form.json.data.custom_id, {
      example: "Tried it with my 3rd graders",
    });
    await fake.waitForCall((c) => c.path.includes(sent.token) && JSON.stringify(c.json ?? {}).includes("Thank you"));
    expect(await app.deps.db.impactAnswer.findMany()).toMatchObject([
      { answer: "not-yet", example: "Tried it with my 3rd graders" },
    ]);
  });

  it("the fake refuses the modals Discord refuses: after a modal submit, a long title or label, six inputs", () => {
    const input = (label: string) => ({ type: 1, components: [{ type: 4, custom_id: "r", label, style: 1 }] });
    const ok = { custom_id: "cadre-form:x", title: "How was it?", components: [input("How useful was it?")] };
    expect(modalError(3, ok)).toBeUndefined();
    expect(modalError(2, ok)).toBeUndefined();
    expect(modalError(5, ok)).toBeDefined();
    expect(modalError(3, { ...ok, title: "t".repeat(46) })).toBeDefined();
    expect(modalError(3, { ...ok, components: [input("l".repeat(46))] })).toBeDefined();
    expect(modalError(3, { ...ok, components: Array.from({ length: 6 }, () => input("a")) })).toBeDefined();
  });
});
