// The card's Check out button pressed on Slack before the session starts, through the real Bolt
// app and the fake Slack in Socket Mode: the answer is ephemeral (to the presser only), says
// when check-out opens, and nothing is recorded or posted in the channel.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TestApp } from "../../support/app.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { startSlackRig, type SlackRig } from "../../support/slack-rig.js";

describe("Slack Check out before the start [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;
  let rig: SlackRig;
  beforeEach(async () => {
    rig = await startSlackRig({ now: "2026-11-02T15:00:00Z", leaders: ["ULEAD"] });
    ({ app, slack } = rig);
  });
  afterEach(() => rig?.stop());

  it("answers the presser privately with when check-out opens, and records nothing", async () => {
    await slack.slash(
      "/session",
      'announce "Scoring training" when:"Nov 10 9am" hours:3 channel:<#CSCORE|scoring>',
      "ULEAD",
    );
    const post = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CSCORE"));
    const ts = { ts: post.result!.ts as string };
    const buttons = (blocks: unknown) =>
      (blocks as { type: string; elements?: { text: { text: string }; action_id: string; value?: string }[] }[]).find(
        (b) => b.type === "actions",
      )!.elements!;
    app.clock.set("2026-11-10T13:40:00Z"); // 8:40: check-in is open, the start is 20 min off
    await slack.press(
      "U7",
      "CSCORE",
      ts,
      buttons(post.args.blocks).find((e) => e.text.text === "Check in")!,
    );
    const redrawn = await eventually(() => slack.callsTo("chat.update")[0]);
    const checkout = buttons(redrawn.args.blocks).find((e) => e.text.text === "Check out");
    expect(checkout).toBeDefined();

    const responses = slack.responses.length;
    const calls = slack.calls.length;
    await slack.press("U7", "CSCORE", ts, checkout!);
    const answer = await eventually(() =>
      slack.responses.slice(responses).find((r) => JSON.stringify(r.body).includes("check-out opens")),
    );
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(answer.body.text).toContain(
      "Scoring training has not started yet: check-out opens at the start, Tue 10 Nov, 9:00 AM (in 20 min)",
    );
    // Nothing said in the channel, the card untouched, nothing recorded.
    const after = slack.calls.slice(calls).map((c) => c.method);
    expect(after.filter((m) => m === "chat.postMessage" || m === "chat.update")).toEqual([]);
    expect((await app.deps.db.rsvp.findFirstOrThrow({ where: { userId: "U7" } })).checkedOutAt).toBeNull();
  });
});
