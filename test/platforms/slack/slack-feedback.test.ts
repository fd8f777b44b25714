// The feedback form on Slack, through the real Bolt app and the fake: the DM's Give feedback
// button opens a modal on its trigger_id (a 1-5 select and two optional texts), submitting
// it stores the answer without its author, and a second press answers instead of opening.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TestApp } from "../../support/app.js";
import { eventually, type FakeSlack } from "../../fakes/slack/server.js";
import { startSlackRig, type SlackRig } from "../../support/slack-rig.js";
import { Scheduler } from "../../../src/scheduler/scheduler.js";

describe("Slack feedback form [sqlite]", () => {
  let rig: SlackRig;
  let app: TestApp;
  let slack: FakeSlack;

  beforeEach(async () => {
    rig = await startSlackRig({ now: "2026-11-02T15:00:00Z", leaders: ["ULEAD"] });
    ({ app, slack } = rig);
  });
  afterEach(() => rig.stop());

  /** A session U7 attended, ended, with its feedback DM delivered; returns that DM's call. */
  async function feedbackDm() {
    await slack.slash("/session", 'announce "Feedback that sticks" when:"Nov 10 9am" hours:3', "ULEAD");
    const card = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "C1"));
    const id = /session\.rsvp\|([A-Z0-9]{4}):going/.exec(JSON.stringify(card.args.blocks))![1]!;
    app.clock.set("2026-11-10T14:10:00Z");
    await slack.slash("/session", `checkin id:${id}`, "U7");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("Checked you in")));
    app.clock.set("2026-11-10T17:01:00Z");
    await new Scheduler(app).drain();
    const dm = await eventually(() =>
      slack
        .callsTo("chat.postMessage")
        .find((c) => c.args.channel === "D7" && JSON.stringify(c.args).includes("How was it?")),
    );
    const button = (dm.args.blocks as any[])
      .find((b) => b.type === "actions")
      .elements.find((e: any) => e.text.text === "Give feedback");
    return { dm, button };
  }

  it("opens the form from the DM's button and stores the submission without its author", async () => {
    const { dm, button } = await feedbackDm();
    await slack.press("U7", "D7", { ts: dm.result!.ts }, button);
    const open = await eventually(() => slack.callsTo("views.open")[0]);
    expect(open.result).toMatchObject({ ok: true }); // the fake checks the view's Block Kit and the trigger_id
    const view = open.args.view;
    expect(view.title.text).toBe("How was it?");
    expect(view.blocks.map((b: any) => [b.block_id, b.optional, b.element.type])).toEqual([
      ["rating", false, "static_select"],
      ["use", true, "plain_text_input"],
      ["better", true, "plain_text_input"],
    ]);
    expect(view.blocks[0].element.options.map((o: any) => o.value)).toEqual(["1", "2", "3", "4", "5"]);

    const ack = (await slack.envelope("interactive", {
      type: "view_submission",
      team: { id: "T1" },
      user: { id: "U7", name: "u7" },
      api_app_id: "A1",
      view: {
        id: "V1",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            rating: { rating: { type: "static_select", selected_option: { value: "4" } } },
            use: { use: { type: "plain_text_input", value: "Exit tickets every day" } },
            better: { better: { type: "plain_text_input", value: null } },
          },
        },
      },
    })) as { payload?: Record<string, unknown> };
    expect(ack.payload ?? {}).not.toHaveProperty("response_action");
    await eventually(() =>
      slack
        .callsTo("chat.postMessage")
        .find((c) => c.args.channel === "D7" && JSON.stringify(c.args).includes("Thank you")),
    );
    const rows = await app.deps.db.feedbackAnswer.findMany();
    expect(rows).toMatchObject([{ rating: 4, willUse: "Exit tickets every day", better: null }]);
    expect(JSON.stringify(rows)).not.toContain("U7");

    // Pressed again: no second form, a private "already answered".
    await slack.press("U7", "D7", { ts: dm.result!.ts }, button);
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("you already answered")));
    expect(slack.callsTo("views.open")).toHaveLength(1);
  });

  it("a rating Slack's select did not send is shown on the field, and nothing is saved", async () => {
    const { dm, button } = await feedbackDm();
    await slack.press("U7", "D7", { ts: dm.result!.ts }, button);
    const view = (await eventually(() => slack.callsTo("views.open")[0])).args.view;
    const ack = (await slack.envelope("interactive", {
      type: "view_submission",
      team: { id: "T1" },
      user: { id: "U7", name: "u7" },
      api_app_id: "A1",
      view: {
        id: "V1",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { rating: { rating: { type: "static_select", selected_option: { value: "9" } } } } },
      },
    })) as { payload: { response_action: string; errors: Record<string, string> } };
    expect(ack.payload.response_action).toBe("errors");
    expect(ack.payload.errors.rating).toContain("1 (not useful) to 5 (very useful)");
    expect(await app.deps.db.feedbackAnswer.count()).toBe(0);
  });
});
